import type { EventStore, SqlDatabase, SqlQuery, StoredEvent } from '@banjian/core';
import { activateIfCaughtUp, movePartitionCheckpoints, partitionTable, preparePartitions, readPartitionCheckpoints } from './partitions';
import { readAhead } from './read-ahead';
import { ReadModelConflictError, type PartitionedReadModel, type PartitionFold } from './read-model';

export interface PartitionRunnerOptions<F extends PartitionFold> {
  readonly store: EventStore;
  readonly db: SqlDatabase;
  readonly model: PartitionedReadModel<F>;
  /** Events read and written per transaction (default 20,000: fewer rows to work out and write when catching up). */
  readonly batchSize?: number;
}

const MAX_BATCHES_A_CATCH_UP = 25;

/** Called inside a batch's transaction before its checkpoints move (tests: a crash mid-batch). */
export type BatchHooks = { beforeCommit?: (tx: SqlQuery) => Promise<void> };

interface Held<F> {
  fold: F;
  checkpoint: number;
}

/**
 * Runs one read model for the partitions this process holds: reads the log once from the lowest
 * of their checkpoints, routes each event to the partitions that fold it and have not yet, and
 * writes the rows of every held partition and their checkpoints in one transaction a batch.
 * After a crash the stored checkpoints and rows agree; a partition added later is first replayed
 * up to its stored checkpoint (nothing written). If a batch's transaction fails, this runner is
 * done for (its folds ran ahead of the database): make a new one, as a restarted process would.
 */
export const createPartitionRunner = <F extends PartitionFold>(options: PartitionRunnerOptions<F>) => {
  const { store, db, model } = options;
  const batchSize = options.batchSize ?? 20_000;
  const held = new Map<number, Held<F>>();
  let partitions = 0;
  let broken: Error | undefined;
  let readable = false;

  const open = async (): Promise<number> => {
    if (partitions === 0) partitions = await preparePartitions(db, model.name, model.version, model.partitions);
    await model.prepare();
    return partitions;
  };

  const lowest = (): number => Math.min(...[...held.values()].map((h) => h.checkpoint));

  /** Folds a new event into the held partitions it routes to that have not folded it yet. */
  const dispatch = (event: StoredEvent) => {
    const route = model.route(event, partitions);
    if (route === undefined) return;
    if (route === 'all') {
      for (const h of held.values()) if (event.globalPosition > h.checkpoint) h.fold.apply(event, true);
      return;
    }
    const h = held.get(route);
    if (h && event.globalPosition > h.checkpoint) h.fold.apply(event, true);
  };

  /** Takes partitions on: each is replayed up to its stored checkpoint, in one read of the log. */
  const add = async (wanted: readonly number[]): Promise<void> => {
    await open();
    const fresh = wanted.filter((p) => !held.has(p) && p >= 0 && p < partitions);
    if (fresh.length === 0) return;
    const stored = await readPartitionCheckpoints(db, partitionTable(db), model.name, model.version);
    const replaying = new Map<number, Held<F>>();
    for (const p of fresh) replaying.set(p, { fold: model.createFold(p, partitions), checkpoint: 0 });
    const until = Math.max(...fresh.map((p) => stored.get(p) ?? 0));
    if (until > 0) {
      for await (const event of store.readAll({ maxCount: until })) {
        if (event.globalPosition > until) break;
        const route = model.route(event, partitions);
        if (route === undefined) continue;
        for (const [p, h] of replaying) if ((route === 'all' || route === p) && event.globalPosition <= (stored.get(p) ?? 0)) h.fold.apply(event, false);
      }
    }
    for (const [p, h] of replaying) {
      h.fold.replayed?.();
      h.checkpoint = stored.get(p) ?? 0;
      held.set(p, h);
    }
  };

  /** Lets partitions go (their leases were lost or given up): their folds are dropped. */
  const remove = (gone: Iterable<number>): void => {
    for (const p of gone) held.delete(p);
  };

  const foldBatch = (events: readonly StoredEvent[]) => {
    for (const event of events) dispatch(event);
    return model.take([...held.values()].map((h) => h.fold));
  };

  const writeBatch = async (taken: unknown, from: ReadonlyMap<number, number>, to: number, hooks: BatchHooks = {}): Promise<void> => {
    try {
      await db.transaction(async (tx) => {
        await model.write(tx, taken as never);
        await hooks.beforeCommit?.(tx);
        // A partition already past the batch (added later at a higher checkpoint) folded none of it and stays where it is.
        const behind = new Map([...from].filter(([, position]) => position < to));
        await movePartitionCheckpoints(tx, db, model.name, model.version, behind, to, (p, expected) => new ReadModelConflictError(`${model.name}@${model.version}`, expected, p));
      });
    } catch (error) {
      broken = error as Error;
      throw error;
    }
  };

  const checkpointsNow = (): Map<number, number> => new Map([...held].map(([p, h]) => [p, h.checkpoint]));
  const moveTo = (to: number) => {
    for (const h of held.values()) if (h.checkpoint < to) h.checkpoint = to;
  };

  const nextBatch = async (events: AsyncIterator<StoredEvent>): Promise<StoredEvent[]> => {
    const batch: StoredEvent[] = [];
    while (batch.length < batchSize) {
      const next = await events.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };

  const usable = () => {
    if (broken) throw broken;
  };

  /** What readers need, built once this runner has reached the log's end (`PartitionedReadModel.caughtUp`). */
  const readyForReaders = async (): Promise<void> => {
    if (readable) return;
    await model.caughtUp?.();
    readable = true;
  };

  return {
    model,
    get partitions() {
      return partitions;
    },
    /** The partitions held, with their checkpoints. */
    get held(): ReadonlyMap<number, number> {
      return checkpointsNow();
    },
    open,
    add,
    remove,
    /** Reads and writes one batch after the lowest held checkpoint; the number of events read (0: caught up, and ready for readers). */
    async step(hooks: BatchHooks = {}): Promise<number> {
      usable();
      if (held.size === 0) return 0;
      const events = await nextBatch(store.readAll({ after: lowest(), maxCount: batchSize })[Symbol.asyncIterator]());
      if (events.length === 0) {
        await readyForReaders();
        return 0;
      }
      const to = (events[events.length - 1] as StoredEvent).globalPosition;
      const from = checkpointsNow();
      await writeBatch(foldBatch(events), from, to, hooks);
      moveTo(to);
      return events.length;
    },
    /**
     * Batches to the end of the log, read a few pages at once (`readAhead`) and folded page by page
     * as they come (a page's events die young: no batch of parsed events outlives a collection),
     * while the batch before is written (writes stay one at a time, in order); the number of events read.
     * Reaching the log's end, it builds what readers need (`PartitionedReadModel.caughtUp`).
     */
    async catchUp(): Promise<number> {
      usable();
      if (held.size === 0) return 0;
      // Pages no longer than a batch: a batch is whole pages, and must not hold more events than asked (`--batch 1`: one a transaction).
      const pages = readAhead(store, lowest(), { page: Math.min(1_000, batchSize) });
      let read = 0;
      let writing: Promise<void> = Promise.resolve();
      let from = checkpointsNow();
      let ended = false;
      try {
        // A log growing as fast as it is read would keep this going: a worker comes back to its leases after a few batches.
        for (let batches = 0; !ended && batches < MAX_BATCHES_A_CATCH_UP; batches++) {
          let folded = 0;
          let to = 0;
          while (folded < batchSize) {
            const next = await pages.next();
            if (next.done) {
              ended = true;
              break;
            }
            for (const event of next.value) dispatch(event);
            folded += next.value.length;
            to = (next.value[next.value.length - 1] as StoredEvent).globalPosition;
          }
          if (folded === 0) break;
          const taken = model.take([...held.values()].map((h) => h.fold));
          const before = from;
          await writing;
          writing = writeBatch(taken, before, to);
          // Its failure is taken up by the next `await writing`, not reported as unhandled meanwhile.
          writing.catch(() => undefined);
          moveTo(to);
          from = checkpointsNow();
          read += folded;
        }
      } finally {
        await pages.return(undefined);
      }
      await writing;
      if (ended) await readyForReaders();
      return read;
    },
    /** Marks the version as the one readers use once every partition (held here or not) has reached this runner's checkpoint. */
    async activateIfCaughtUp(): Promise<boolean> {
      if (held.size === 0) return false;
      return activateIfCaughtUp(db, model.name, model.version, lowest(), readyForReaders);
    },
  };
};

export type PartitionRunner = ReturnType<typeof createPartitionRunner>;
