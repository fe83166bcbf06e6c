import type { KeyObject } from 'node:crypto';
import { hasRawRanges, type RawEventRecord, type RawRangeSource } from '../store/port';
import { verifyCheckpoint, type Checkpoint } from './checkpoint';
import { DEFAULT_HASH_ALGORITHM, type HashAlgorithm } from './hash';
import { loadPublicKey } from './signing-key';
import { createVerifier, type VerifierSetup, type VerifyResult } from './verifier';
import { verifyInParallel } from './verify-parallel';
import { verifyRanges, type RangedOptions } from './verify-ranges';

export { DEFAULT_MAX_DAMAGES, type DamageKinds, type VerifyResult } from './verifier';

export interface VerifyOptions {
  /** The log's chain hash; default the checkpoints' algorithm, else SHA-256. */
  algorithm?: HashAlgorithm;
  /** Signed tree heads to hold the log to (any order). */
  checkpoints?: readonly Checkpoint[];
  /** Ed25519 key the checkpoints must verify under; without it their roots are compared unsigned. */
  publicKey?: KeyObject | string;
  /**
   * The store numbers its log 1, 2, 3… without holes (SQLite and memory do; PostgreSQL's sequence
   * skips the positions of failed appends): a hole is then reported as missing events. Default false.
   */
  denseGlobalPositions?: boolean;
  /** Damages listed in the result (every one is counted by kind); default 100. */
  maxDamages?: number;
  /**
   * Use more cores. A log each thread reads itself (`RawRangeSource`) is split into ranges that
   * this thread and a worker per other core walk whole (see `verifyRanges`). Any other log: a
   * worker thread takes over the chain hashes and the Merkle tree once it has started, while this
   * thread reads and checks order, positions and links. Worth it for large logs (starting a worker
   * costs a fraction of a second); falls back to one thread if no worker starts.
   */
  parallel?: boolean;
  /** How a log read by range (`RawRangeSource`) is split across threads when `parallel`. */
  ranges?: RangedOptions;
}

/** Options that cannot describe one log (checkpoints of another hash algorithm). */
export class VerifyOptionsError extends Error {
  override readonly name = 'VerifyOptionsError';
  readonly kind = 'verifyOptions' as const;
}

const setupOf = (options: VerifyOptions): VerifierSetup => {
  const checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.size - b.size);
  const algorithm = options.algorithm ?? checkpoints[0]?.algorithm ?? DEFAULT_HASH_ALGORITHM;
  const foreign = checkpoints.find((c) => c.algorithm !== algorithm);
  if (foreign) throw new VerifyOptionsError(`checkpoint at size ${foreign.size} is over ${foreign.algorithm}, the log is verified with ${algorithm}`);
  const key = options.publicKey === undefined ? undefined : loadPublicKey(options.publicKey);
  return {
    algorithm,
    checkpoints,
    signature: key === undefined ? undefined : (checkpoint) => verifyCheckpoint(checkpoint, key),
    denseGlobalPositions: options.denseGlobalPositions === true,
    ...(options.maxDamages === undefined ? {} : { maxDamages: options.maxDamages }),
  };
};

/**
 * Walk a log in global order and confirm it, or list its damages (spec §6): every record's hash
 * over its stored bytes (no parsing), its columns (stream, position, prevHash, and type, event id
 * and occurredAt where the store keeps them) against its hashed text, its stream position and
 * chain link, global order (and holes, for a dense log), and — at each checkpoint's size — the
 * Merkle root and the checkpoint's signature. The walk goes on past each damage: `damages` lists
 * the first ones, `kinds` counts every one. See `DamageKind` for how each kind of tampering shows.
 * Given a store each thread can read by range (`RawRangeSource`), `parallel` splits the log.
 */
export const verifyLog = async (records: AsyncIterable<RawEventRecord> | Iterable<RawEventRecord> | RawRangeSource, options: VerifyOptions = {}): Promise<VerifyResult> => {
  const setup = setupOf(options);
  if (hasRawRanges(records)) return verifyRanges(records.rawRanges, setup, options.parallel === true, options.ranges);
  if (options.parallel) return verifyInParallel(records, setup);
  const verifier = createVerifier(setup);
  // An array or other synchronous source is walked without an await per record.
  if (Symbol.iterator in records) {
    for (const r of records) verifier.step(r);
  } else {
    for await (const r of records) verifier.step(r);
  }
  return verifier.finish();
};
