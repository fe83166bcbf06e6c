import { readFileSync } from 'node:fs';
import { DEFAULT_STORE_URL, openStore, StoreUrlError } from '@banjian/adapters';
import {
  chainAlgorithmOf,
  describeDamage,
  EventLogFileError,
  hashedText,
  hasRawEvents,
  hasRawRanges,
  loadPublicKey,
  parseCheckpoints,
  publicKeyFromEnv,
  rawRecordsOfLines,
  readLines,
  SigningKeyError,
  UnreadableLineError,
  verifyLog,
  VerifyOptionsError,
  type Checkpoint,
  type CheckpointStore,
  type EventStore,
  type HashAlgorithm,
  type RawEventRecord,
  type RawRangeSource,
  type VerifyResult,
} from '@banjian/core';
import type { KeyObject } from 'node:crypto';
import { stringOption, UsageError, type Command } from './command';

const USAGE = `usage: banjian verify [--store URL] [--json] [--checkpoints FILE] [--public-key PEM|path] [--algorithm sha256|sm3]

  Walks the log in global order: every event's hash over its stored bytes, stream positions and
  chain links, and the Merkle root at each signed checkpoint. Exit 0 intact, 1 damaged (the first
  bad stream/position and the kind: altered, missing, reordered, inserted, badSignature), 2 unusable input.

  --store        store URL (default ${DEFAULT_STORE_URL}); file:<path>.ndjson verifies an exported log
  --checkpoints  signed checkpoints: a JSON array or one per line (default: the store's own, if it keeps them)
  --public-key   Ed25519 public key (PEM text or path; default BANJIAN_PUBLIC_KEY, else the public half
                 of BANJIAN_SIGNING_KEY); without one, checkpoint roots are compared but not their signatures
  --algorithm    the chain hash (default: the store's, or detected from an exported file, else sha256)
  --json         print the result as JSON`;

type Source = { records: AsyncIterable<RawEventRecord> | RawRangeSource; algorithm?: HashAlgorithm; checkpoints?: CheckpointStore; close(): Promise<void> };

const ALGORITHMS: readonly string[] = ['sha256', 'sm3'];

/** `file:<path>`, `file://./rel` or `file:///abs`: the path as written. */
const filePath = (url: string): string => url.slice('file:'.length).replace(/^\/\/(?=\/|\.)/, '');

/** The first record of an exported file decides its algorithm (a damaged one falls back to SHA-256). */
const detectFileAlgorithm = async (path: string): Promise<HashAlgorithm | undefined> => {
  for await (const r of rawRecordsOfLines(readLines(path))) return chainAlgorithmOf(r.prevHash, r.canonical, r.hash);
  return undefined;
};

/**
 * An exported file is read line by line without validation — verify must be able to read a damaged
 * file to say what is wrong with it; opening it as a `file:` store would refuse it.
 */
const openFile = async (path: string): Promise<Source> => ({
  records: rawRecordsOfLines(readLines(path)),
  algorithm: await detectFileAlgorithm(path),
  close: async () => {},
});

/** Stores that keep canonical bytes give them; others are re-canonicalised from their events. */
async function* rawOfEvents(store: EventStore): AsyncGenerator<RawEventRecord> {
  for await (const e of store.readAll()) {
    yield { globalPosition: e.globalPosition, streamId: e.streamId, streamPosition: e.streamPosition, canonical: hashedText(e as unknown as Record<string, unknown>), prevHash: e.prevHash, hash: e.hash };
  }
}

const openSource = async (url: string): Promise<Source> => {
  if (url.startsWith('file:')) return openFile(filePath(url));
  const store = (await openStore(url, { create: false })) as EventStore & { hashAlgorithm?: HashAlgorithm; checkpoints?: CheckpointStore };
  return {
    // A store each thread can read by range itself (a SQLite file) is verified on every core.
    records: hasRawRanges(store) ? store : hasRawEvents(store) ? store.readRaw() : rawOfEvents(store),
    algorithm: store.hashAlgorithm,
    checkpoints: store.checkpoints,
    close: () => store.close(),
  };
};

const readCheckpointsFile = (path: string): Checkpoint[] => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--checkpoints: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const parsed = parseCheckpoints(text);
  if (parsed._tag === 'Left') throw new UsageError(`--checkpoints ${path}: ${parsed.left.message}`);
  return parsed.right;
};

const publicKeyOf = (given: string | undefined): KeyObject | undefined => (given === undefined ? publicKeyFromEnv() : loadPublicKey(given));

const summary = (r: VerifyResult): string => {
  const checkpoints =
    r.checkpointsVerified > 0 ? `; ${r.checkpointsVerified} checkpoint${r.checkpointsVerified === 1 ? '' : 's'} verified (${r.signaturesChecked ? 'signatures checked' : 'signatures NOT checked: no public key'})` : '';
  return `intact: ${r.events} events in ${r.streams} streams, last global position ${r.lastPosition}, Merkle root ${r.root} (${r.algorithm})${checkpoints}`;
};

/** Errors that mean the input cannot be verified at all: exit 2 with their one-line reason. */
const unusable = (error: unknown): boolean =>
  error instanceof StoreUrlError ||
  error instanceof EventLogFileError ||
  error instanceof UnreadableLineError ||
  error instanceof SigningKeyError ||
  error instanceof VerifyOptionsError ||
  (error as NodeJS.ErrnoException).code === 'ENOENT' ||
  (error as NodeJS.ErrnoException).code === 'EACCES' ||
  (error as NodeJS.ErrnoException).code === 'EISDIR';

export const verifyCommand: Command = {
  name: 'verify',
  usage: USAGE,
  options: { json: { type: 'boolean' }, checkpoints: { type: 'string' }, 'public-key': { type: 'string' }, algorithm: { type: 'string' } },
  run: async ({ values, io }) => {
    const algorithmOption = stringOption(values, 'algorithm');
    if (algorithmOption !== undefined && !ALGORITHMS.includes(algorithmOption)) throw new UsageError(`--algorithm must be sha256 or sm3, not "${algorithmOption}"`);
    const checkpointsPath = stringOption(values, 'checkpoints');
    const fileCheckpoints = checkpointsPath === undefined ? undefined : readCheckpointsFile(checkpointsPath);
    let source: Source | undefined;
    try {
      const publicKey = publicKeyOf(stringOption(values, 'public-key'));
      source = await openSource(stringOption(values, 'store') ?? DEFAULT_STORE_URL);
      const checkpoints = fileCheckpoints ?? (await source.checkpoints?.list()) ?? [];
      const algorithm = (algorithmOption as HashAlgorithm | undefined) ?? source.algorithm;
      // Every core: by ranges each thread reads itself, else a worker takes over the hashing once it has started.
      const result = await verifyLog(source.records, { ...(algorithm ? { algorithm } : {}), checkpoints, ...(publicKey ? { publicKey } : {}), parallel: true });
      if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else io.stdout.write(`${result.damage ? `damaged: ${describeDamage(result.damage)}` : summary(result)}\n`);
      return result.ok ? 0 : 1;
    } catch (error) {
      if (unusable(error)) throw new UsageError((error as Error).message);
      throw error;
    } finally {
      await source?.close();
    }
  },
};
