import { isLeft } from 'fp-ts/lib/Either';
import { decodeCheckpoint, type Checkpoint } from './checkpoint';

/**
 * Where signed checkpoints are kept (spec §6). Adapters implement it beside their event tables;
 * like events, checkpoints are only ever added.
 */
export interface CheckpointStore {
  save(checkpoint: Checkpoint): Promise<void>;
  /** Every checkpoint saved, by size ascending (ties in the order saved). */
  list(): Promise<Checkpoint[]>;
}

/** A checkpoint that is not one (bad shape); nothing was saved. */
export class InvalidCheckpointError extends Error {
  override readonly name = 'InvalidCheckpointError';
  readonly kind = 'invalidCheckpoint' as const;
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`checkpoint: ${field}: ${reason}`);
  }
}

/** Check a checkpoint's shape before an adapter stores it. */
export const requireCheckpoint = (checkpoint: unknown): Checkpoint => {
  const decoded = decodeCheckpoint(checkpoint);
  if (isLeft(decoded)) throw new InvalidCheckpointError(decoded.left.field, decoded.left.reason);
  return decoded.right;
};

export const createInMemoryCheckpointStore = (initial: readonly Checkpoint[] = []): CheckpointStore => {
  const saved: Checkpoint[] = initial.map(requireCheckpoint);
  return {
    async save(checkpoint) {
      saved.push({ ...requireCheckpoint(checkpoint) });
    },
    async list() {
      // Array.prototype.sort is stable (ES2019): equal sizes stay in the order saved.
      return saved.map((c) => ({ ...c })).sort((a, b) => a.size - b.size);
    },
  };
};
