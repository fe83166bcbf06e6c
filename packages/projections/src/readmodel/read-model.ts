import type { SqlQuery, StoredEvent } from '@banjian/core';

/**
 * One partition's fold of a read model, kept in a worker's memory: it folds the events routed to
 * its partition (and those every partition folds) and remembers what changed since it was last
 * taken for writing.
 */
export interface PartitionFold {
  /** Folds one event; `record` is false while replaying up to the stored checkpoint (nothing to write). */
  apply(event: StoredEvent, record: boolean): void;
  /** Called once the replay up to the stored checkpoint is done. */
  replayed?(): void;
}

/**
 * A read model a projection worker runs, partition by partition (see `createPartitionRunner`,
 * `createProjectionWorker`): the worker reads the log once for the partitions it holds, routes
 * each event, and writes every held partition's rows and checkpoint in one transaction.
 */
export interface PartitionedReadModel<F extends PartitionFold = PartitionFold, W = unknown> {
  readonly name: string;
  readonly version: number;
  /** Partitions for a new version (the count is stored on creation; later workers use the stored one). */
  readonly partitions: number;
  /** Creates its tables (nothing if they exist). */
  prepare(): Promise<void>;
  /** The partition an event folds into, `'all'` when every partition folds it, undefined when none does. */
  route(event: StoredEvent, partitions: number): number | 'all' | undefined;
  /** A fresh fold of one partition (nothing folded). */
  createFold(partition: number, partitions: number): F;
  /**
   * What the folds changed since they were last taken, taken now (synchronously: the folds go on
   * folding the next batch while this one is written).
   */
  take(folds: readonly F[]): W;
  /** Writes what `take` gave, inside the worker's transaction. */
  write(tx: SqlQuery, taken: W): Promise<void>;
  /**
   * Builds what readers need and a catch-up is faster without (covering indexes), nothing if it is
   * there: called when a runner's catch-up reaches the log's end, and before the version is
   * activated. Readers must not use the version before it is done.
   */
  caughtUp?(): Promise<void>;
}

/** A partition's checkpoint moved under this writer: another process writes that partition. */
export class ReadModelConflictError extends Error {
  override readonly name = 'ReadModelConflictError';
  readonly kind = 'readModelConflict' as const;
  constructor(readonly model: string, readonly expected: number, readonly partition = 0) {
    super(`read model ${model} partition ${partition}: its checkpoint is no longer ${expected}; another writer moved it`);
  }
}

/** A stable 32-bit FNV-1a hash of a text: every worker, on any machine, routes a key alike. */
export const stableHash = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/** The partition of a key among `partitions`. */
export const partitionOfKey = (key: string, partitions: number): number => (partitions <= 1 ? 0 : stableHash(key) % partitions);
