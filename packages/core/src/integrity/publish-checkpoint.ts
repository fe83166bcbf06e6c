import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../store/port';
import type { Checkpoint, CheckpointSigner } from './checkpoint';
import type { CheckpointStore } from './checkpoint-store';
import { describeDamage } from './damage';
import { hasDenseGlobalPositions, rawLogOf } from './log-source';
import { verifyLog } from './verify';

/**
 * Where a checkpoint goes: somewhere the database owner cannot reach (spec §6) — a file or folder
 * on another machine's mount, a ticketing system fed from stdout (`write`), an HTTP endpoint.
 * `file` gets one JSON line appended; `dir` gets a new file `checkpoint-<size>-<time>.json`.
 */
export type CheckpointDestination = { file: string } | { dir: string } | { url: string; headers?: Record<string, string> } | { write: (line: string) => unknown };

export interface PublishCheckpointOptions {
  store: EventStore & { checkpoints?: CheckpointStore };
  /** `createCheckpointSigner({ privateKey, algorithm: store.hashAlgorithm })`. */
  signer: CheckpointSigner;
  to: readonly CheckpointDestination[];
  /** Also keep it in the store's own checkpoints, so a copy deleted there shows against the published one (default true). */
  keepInStore?: boolean;
  /** For `url` destinations; default the global fetch. */
  fetch?: typeof fetch;
}

/** Nothing was signed (the log is damaged), or a destination refused the checkpoint. */
export class PublishCheckpointError extends Error {
  override readonly name = 'PublishCheckpointError';
  constructor(
    readonly kind: 'damagedLog' | 'destination',
    message: string,
  ) {
    super(message);
  }
}

const fileNameOf = (checkpoint: Checkpoint): string => `checkpoint-${String(checkpoint.size).padStart(12, '0')}-${checkpoint.time.replace(/[:.]/g, '-')}.json`;

const deliver = async (line: string, checkpoint: Checkpoint, to: CheckpointDestination, fetcher: typeof fetch): Promise<string> => {
  if ('write' in to) {
    to.write(`${line}\n`);
    return 'stdout';
  }
  if ('file' in to) {
    appendFileSync(to.file, `${line}\n`);
    return to.file;
  }
  if ('dir' in to) {
    mkdirSync(to.dir, { recursive: true });
    const path = join(to.dir, fileNameOf(checkpoint));
    writeFileSync(path, `${line}\n`, { flag: 'wx' });
    return path;
  }
  const response = await fetcher(to.url, { method: 'POST', headers: { 'content-type': 'application/json', ...to.headers }, body: line });
  if (!response.ok) throw new PublishCheckpointError('destination', `${to.url} answered ${response.status} ${response.statusText}`);
  return to.url;
};

/**
 * Verify the log, sign its Merkle root at its current size and publish the checkpoint (签名检查点):
 * what a service calls on a schedule and `banjian checkpoint` calls once. Refuses to sign a
 * damaged log (`PublishCheckpointError` kind `damagedLog`). Resolves to the checkpoint and where it went.
 */
export const publishCheckpoint = async ({ store, signer, to, keepInStore = true, fetch: fetcher = fetch }: PublishCheckpointOptions): Promise<{ checkpoint: Checkpoint; published: string[] }> => {
  const verified = await verifyLog(rawLogOf(store), { algorithm: signer.algorithm, denseGlobalPositions: hasDenseGlobalPositions(store), parallel: true });
  if (!verified.ok) throw new PublishCheckpointError('damagedLog', `the log is damaged, nothing signed: ${verified.damage ? describeDamage(verified.damage) : 'see verify'}`);
  const checkpoint = signer.sign({ size: verified.events, root: verified.root });
  const line = JSON.stringify(checkpoint);
  const published: string[] = [];
  for (const destination of to) {
    try {
      published.push(await deliver(line, checkpoint, destination, fetcher));
    } catch (error) {
      if (error instanceof PublishCheckpointError) throw error;
      throw new PublishCheckpointError('destination', (error as Error).message);
    }
  }
  if (keepInStore && store.checkpoints) await store.checkpoints.save(checkpoint);
  return { checkpoint, published };
};
