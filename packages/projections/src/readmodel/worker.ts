import type { EventStore, SqlDatabase } from '@banjian/core';
import { partitionTable, readPartitionCheckpoints } from './partitions';
import { createLease, liveWorkers, workerLeaseName, type Lease } from './lease';
import { ReadModelConflictError, stableHash, type PartitionedReadModel } from './read-model';
import { createPartitionRunner, type PartitionRunner } from './runner';

export interface ProjectionWorkerOptions {
  readonly store: EventStore;
  readonly db: SqlDatabase;
  /** The read models this worker runs (each partitioned; their partitions are shared among workers). */
  readonly models: readonly PartitionedReadModel[];
  /** This worker's name in the leases (unique among the workers). */
  readonly worker: string;
  /** How long a lease lasts unrenewed (default 10,000 ms): the longest a dead worker's partitions wait. */
  readonly leaseMs?: number;
  /** Events read and written per transaction (default 20,000: fewer rows to work out and write when catching up). */
  readonly batchSize?: number;
  /** How long a caught-up worker waits before it looks at the log again (default 50 ms). */
  readonly pollMs?: number;
  /** Told what the worker does: partitions taken, given up or lost, errors it rides out. */
  readonly onLog?: (line: string) => void;
}

/** The lease of one partition of a read model version. */
export const partitionLeaseName = (model: { name: string; version: number }, partition: number): string => `${model.name}@${model.version}#${partition}`;

interface Running {
  readonly model: PartitionedReadModel;
  runner: PartitionRunner;
  readonly leases: Map<number, Lease>;
  /** Partitions whose lease the renewal found taken. */
  readonly lost: Set<number>;
  /** Where this worker starts looking for free partitions: workers spread over them. */
  readonly offset: number;
  /** Known to be the version readers use. */
  active: boolean;
}

/**
 * A projection worker: runs read models by partition under leases in the store's database. Each
 * live worker (its own lease `worker/<name>` says so) takes up to its share of each model's
 * partitions (ceil of partitions over live workers), gives up those beyond it, and renews what it
 * holds every third of a lease; a worker killed even by SIGKILL stops renewing, and the others take
 * its partitions at most `leaseMs` and a sixth of it later, each from its stored checkpoint. The checkpoints, moved
 * only from where a writer read them in the transaction of its rows, keep even a worker whose
 * lease lapsed unseen from folding anything twice.
 */
export const createProjectionWorker = (options: ProjectionWorkerOptions) => {
  const { store, db, worker } = options;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;
  const log = options.onLog ?? (() => undefined);
  const runnerOf = (model: PartitionedReadModel) => createPartitionRunner({ store, db, model, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
  const heartbeat = createLease(db, workerLeaseName(worker), worker, leaseMs);
  const running: Running[] = options.models.map((model, i) => ({
    model, runner: runnerOf(model), leases: new Map(), lost: new Set(), offset: stableHash(worker) + i, active: false,
  }));
  let stopping = false;
  let wake: (() => void) | undefined;
  let renewal: ReturnType<typeof setInterval> | undefined;

  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const renew = async () => {
    await heartbeat.acquire();
    for (const r of running) {
      for (const [p, lease] of [...r.leases]) {
        const held = await lease.acquire();
        // Given up while this renewal was on its way: give it up again, or it would stay taken until it lapsed.
        if (r.leases.get(p) !== lease) {
          if (held) await lease.release();
        } else if (!held) r.lost.add(p);
      }
    }
  };
  let renewing: Promise<void> = Promise.resolve();

  /** A new runner for the partitions still held (the old one's folds ran ahead of the database). */
  const restart = async (r: Running) => {
    r.runner = runnerOf(r.model);
    await r.runner.add([...r.leases.keys()]);
  };

  const release = async (r: Running, partitions: readonly number[]) => {
    r.runner.remove(partitions);
    for (const p of partitions) {
      await r.leases.get(p)?.release();
      r.leases.delete(p);
    }
  };

  /** Drops lost partitions, gives up those beyond the share, takes free ones up to it. */
  const balance = async (r: Running, share: number) => {
    if (r.lost.size > 0) {
      const lost = [...r.lost];
      r.lost.clear();
      for (const p of lost) r.leases.delete(p);
      r.runner.remove(lost);
      log(`${worker}: lost ${r.model.name}@${r.model.version} partitions ${lost.join(', ')}`);
    }
    const partitions = await r.runner.open();
    if (r.leases.size > share) {
      const extra = [...r.leases.keys()].sort((a, b) => b - a).slice(0, r.leases.size - share);
      await release(r, extra);
      log(`${worker}: gave up ${r.model.name}@${r.model.version} partitions ${extra.join(', ')}`);
    }
    const taken: number[] = [];
    for (let k = 0; k < partitions && r.leases.size < share; k++) {
      const p = (r.offset + k) % partitions;
      if (r.leases.has(p)) continue;
      const lease = createLease(db, partitionLeaseName(r.model, p), worker, leaseMs);
      if (await lease.acquire()) {
        r.leases.set(p, lease);
        taken.push(p);
      }
    }
    if (taken.length > 0) {
      await r.runner.add(taken);
      log(`${worker}: holds ${r.model.name}@${r.model.version} partitions ${[...r.leases.keys()].sort((a, b) => a - b).join(', ')}`);
    }
  };

  /** One round: leases balanced (when `shareOf` is given, after the worker's own lease is renewed), then every model caught up as far as the log stood; events read. */
  const round = async (shareOf?: (partitions: number) => number): Promise<number> => {
    let read = 0;
    for (const r of running) {
      try {
        if (shareOf || r.lost.size > 0) await balance(r, (shareOf ?? (() => r.leases.size))(await r.runner.open()));
        const n = await r.runner.catchUp();
        read += n;
        if (n === 0 && !r.active) r.active = await r.runner.activateIfCaughtUp();
      } catch (error) {
        if (error instanceof ReadModelConflictError) log(`${worker}: ${error.message}; folding again from the stored checkpoints`);
        else throw error;
        await restart(r);
      }
    }
    return read;
  };

  const startRenewal = () => {
    renewal = setInterval(() => {
      renewing = renewing.then(renew).catch((error: Error) => log(`${worker}: lease renewal failed: ${error.message}`));
    }, Math.max(20, Math.floor(leaseMs / 3)));
  };

  const lowestStored = async (model: PartitionedReadModel): Promise<number> => {
    const stored = await readPartitionCheckpoints(db, partitionTable(db), model.name, model.version);
    return Math.min(...stored.values());
  };

  const releaseAll = async () => {
    if (renewal) clearInterval(renewal);
    renewal = undefined;
    // A renewal on its way would take the leases again after they are given up.
    await renewing;
    for (const r of running) await release(r, [...r.leases.keys()]);
    await heartbeat.release();
  };

  return {
    worker,
    /** The partitions this worker holds, by read model (`name@version`). */
    held(): Record<string, number[]> {
      return Object.fromEntries(running.map((r) => [`${r.model.name}@${r.model.version}`, [...r.leases.keys()].sort((a, b) => a - b)]));
    },
    /**
     * Follows the log until `stop()`: shares the partitions with the other live workers, catches up,
     * waits `pollMs` when there is nothing new. Errors other than a moved checkpoint are ridden out
     * (logged, the worker's folds started again after a pause); the leases are given up on stop.
     */
    async run(): Promise<void> {
      startRenewal();
      let failures = 0;
      try {
        // Shares are looked at a few times a lease (the renewal keeps the leases meanwhile), not
        // every round: a round that follows the log is then one read and one write.
        const balanceMs = Math.max(20, Math.floor(leaseMs / 6));
        let balancedAt = -Infinity;
        // Folds to start again before the next round: a restart that fails (no server yet after a
        // failover) is tried again, not left with no partitions while their leases are held.
        const stale = new Set<Running>();
        while (!stopping) {
          try {
            for (const r of stale) {
              await restart(r);
              stale.delete(r);
            }
            let share: ((partitions: number) => number) | undefined;
            if (Date.now() - balancedAt >= balanceMs) {
              // Its own lease first: it counts itself among the live, and a new database has the lease table to count in.
              await heartbeat.acquire();
              const live = Math.max(1, await liveWorkers(db));
              share = (partitions) => Math.ceil(partitions / live);
              balancedAt = Date.now();
            }
            const read = await round(share);
            failures = 0;
            if (read === 0 && !stopping) await pause(pollMs);
          } catch (error) {
            failures += 1;
            log(`${worker}: ${(error as Error).message}; retrying`);
            await pause(Math.min(leaseMs / 3, 100 * 2 ** Math.min(failures, 6)));
            for (const r of running) stale.add(r);
          }
        }
      } finally {
        await releaseAll();
      }
    },
    /**
     * Catches every free partition up to the log's end as it stands, then gives the leases up
     * (`banjian project --once`); events read. Partitions other workers hold are left to them,
     * unless `until` (a log position) is given: then it waits until every partition of every model
     * has reached it, taking over the partitions whose leases lapse meanwhile.
     */
    async catchUp(until?: number): Promise<number> {
      startRenewal();
      try {
        let read = 0;
        for (;;) {
          await heartbeat.acquire();
          const n = await round((partitions) => partitions);
          read += n;
          if (n > 0) continue;
          if (until === undefined) return read;
          const lows = await Promise.all(running.map((r) => lowestStored(r.model)));
          if (lows.every((low) => low >= until)) {
            for (const r of running) await r.runner.activateIfCaughtUp();
            return read;
          }
          await pause(Math.max(pollMs, Math.floor(leaseMs / 10)));
        }
      } finally {
        await releaseAll();
      }
    },
    /** Ends `run()` after the batch in hand. */
    stop(): void {
      stopping = true;
      wake?.();
    },
  };
};

export type ProjectionWorker = ReturnType<typeof createProjectionWorker>;
