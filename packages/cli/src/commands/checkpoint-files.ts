import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckpoints, type Checkpoint } from '@banjian/core';
import { UsageError } from './command';

/** A checkpoint read from a file, with the file it came from (to name it in a report). */
export interface PublishedCheckpoint {
  checkpoint: Checkpoint;
  file: string;
}

const readText = (path: string, option: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
};

const parseFile = (path: string, option: string): PublishedCheckpoint[] => {
  const parsed = parseCheckpoints(readText(path, option));
  if (parsed._tag === 'Left') throw new UsageError(`${option} ${path}: ${parsed.left.message}`);
  return parsed.right.map((checkpoint) => ({ checkpoint, file: path }));
};

/**
 * Signed checkpoints from a file (a JSON array, or one per line) or from every `*.json` and
 * `*.ndjson` file of a folder (as `banjian checkpoint --out DIR` writes them). A file that is not
 * checkpoints is a bad argument (exit 2), named with the entry and field.
 */
export const readPublishedCheckpoints = (path: string, option = '--checkpoints'): PublishedCheckpoint[] => {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (error) {
    throw new UsageError(`${option}: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!isDir) return parseFile(path, option);
  return readdirSync(path)
    .filter((name) => name.endsWith('.json') || name.endsWith('.ndjson'))
    .sort()
    .flatMap((name) => parseFile(join(path, name), option));
};
