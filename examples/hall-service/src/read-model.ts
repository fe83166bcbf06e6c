import { hostname } from 'node:os';
import { openReadModelDatabase, readModelDatabaseOf } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';
import {
  caseIndexModel, caseIndexRowFrom, caseIndexTable, createCaseQueries, createFigureQueries, createLease, createProjectionWorker, figureFactsReadModel,
  workerLeaseName,
  CASE_INDEX_NAME, FigureFactsUnsupportedError, partitionTable, readPartitionCheckpoints, ReadModelNotReadyError,
  type CaseIndexRow, type FigureFactsSource, type Report, type ReportOptions,
} from '@banjian/projections';

/** Who keeps the case index 办件库 up to date: this service, under the read model's lease, or `banjian project` workers. */
export type Projector = 'inline' | 'workers';

export interface ReadModelOptions {
  /** @defaultValue 'inline' */
  readonly projector?: Projector;
  /** Where read-model queries go (a hot standby's URL); the store's own database when absent. */
  readonly readStoreUrl?: string;
  /** The longest a read waits for the read model to reach the position a client asks for. @defaultValue 5 000 ms */
  readonly waitMs?: number;
  /** The inline projector's lease: how long it lasts unrenewed. @defaultValue 10 000 ms */
  readonly leaseMs?: number;
  /** How often the inline projector, caught up, looks at the log again. @defaultValue 50 ms */
  readonly pollMs?: number;
  /** This process's name in the lease. @defaultValue hall-service:<host>:<pid> */
  readonly holder?: string;
}

/** The read model's tables are not there yet: no projector ever ran against this database. */
export const isMissingTable = (error: unknown): boolean =>
  (error as { code?: string }).code === '42P01' || /no such table/.test((error as Error).message ?? '');

/** No version of the read model is readable yet (none caught up, or no tables at all). */
export const notReady = (error: unknown): boolean => error instanceof ReadModelNotReadyError || isMissingTable(error);

/** The read models the service reads. */
export type ModelName = 'caseIndex' | 'figureFacts';

/** The read model did not reach the position a client asked to read after, within the wait. */
export interface Behind {
  readonly behind: true;
  readonly checkpoint: number | undefined;
}

/**
 * The read models in the database as the service reads them: the case index 办件库 and the figure
 * facts, queried on the read database (the store's own, or a standby's), each answer naming the
 * checkpoint it reflects; waits for a position a client wrote at (read your own writes). With the
 * inline projector the service is one of the projection workers (`createProjectionWorker`, the
 * library of `banjian project`): it shares the read models' partitions, by lease, with the other
 * service processes and any `banjian project` worker, and takes over a dead one's.
 */
export const createReadModel = async (store: EventStore, options: ReadModelOptions = {}) => {
  const writeDb = readModelDatabaseOf(store);
  if (!writeDb && !options.readStoreUrl) return undefined;
  const readDb: SqlDatabase = options.readStoreUrl ? await openReadModelDatabase(options.readStoreUrl) : (writeDb as SqlDatabase);
  const queries = createCaseQueries(readDb);
  const waitMs = options.waitMs ?? 5_000;
  const pollMs = options.pollMs ?? 50;
  const leaseMs = options.leaseMs ?? 10_000;

  const inline = (db: SqlDatabase) => {
    const name = options.holder ?? `hall-service:${hostname()}:${process.pid}`;
    const worker = createProjectionWorker({
      store, db, models: [caseIndexModel(db), figureFactsReadModel(db)], worker: name, leaseMs, pollMs,
      onLog: (line) => {
        if (/retrying|lost|failed|stopped/.test(line)) console.error(`hall service read models: ${line}`);
      },
    });
    let stopped = false;
    // This worker's heartbeat taken first: it creates the lease table a fresh database lacks (two
    // processes creating it at once: one fails, and tries again).
    const start = async () => {
      for (let attempt = 1; !stopped; attempt++) {
        try {
          await createLease(db, workerLeaseName(name), name, leaseMs).acquire();
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    };
    const running = start()
      .then(() => worker.run())
      .catch((error: unknown) => console.error(`hall service read models stopped: ${(error as Error).message}`));
    return async () => {
      stopped = true;
      worker.stop();
      await running;
    };
  };
  const stopProjecting = options.projector !== 'workers' && writeDb ? inline(writeDb) : undefined;
  const figures = createFigureQueries(readDb);

  /**
   * Where a version's rows stand: every partition's checkpoint has reached it. The version's own
   * checkpoint is a lower bound that two workers committing at once can leave behind until the
   * next event; the partitions' (moved in the transactions of their rows) are exact.
   */
  const reached = async (name: string, version: number, stored: number): Promise<number> => {
    const partitions = await readPartitionCheckpoints(readDb, partitionTable(readDb), name, version).catch(() => new Map<number, number>());
    return partitions.size === 0 ? stored : Math.max(stored, Math.min(...partitions.values()));
  };

  /** The checkpoint the case index's readers see now (undefined before any version caught up). */
  const checkpoint = async (): Promise<number | undefined> => {
    try {
      const { version, checkpoint: stored } = await queries.active();
      return await reached(CASE_INDEX_NAME, version, stored);
    } catch (error) {
      if (notReady(error)) return undefined;
      throw error;
    }
  };

  /** The figure facts' version readers use, at the checkpoint its rows have reached. */
  const figureSource = async (): Promise<FigureFactsSource | undefined> => {
    const source = await figures.active();
    return source && { ...source, checkpoint: await reached(source.model, source.version, source.checkpoint) };
  };

  const checkpoints: Record<ModelName, () => Promise<number | undefined>> = {
    caseIndex: checkpoint,
    figureFacts: async () => (await figureSource())?.checkpoint,
  };

  return {
    queries,
    checkpoint,
    /**
     * Waits until readers of `models` (default the case index) see `position` or later; the
     * checkpoint reached (the lowest of the models'), or how far behind it stayed.
     */
    async waitFor(position: number, models: readonly ModelName[] = ['caseIndex']): Promise<number | Behind> {
      const deadline = Date.now() + waitMs;
      for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
        const reached = await Promise.all(models.map((m) => checkpoints[m]()));
        const now = reached.some((c) => c === undefined) ? undefined : Math.min(...(reached as number[]));
        if (now !== undefined && now >= position) return now;
        if (Date.now() >= deadline) return { behind: true, checkpoint: now };
        await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(1, deadline - Date.now()))));
      }
    },
    /** Every row with this case number 办件编号 (one, unless two halls numbered alike), and the checkpoint they reflect. */
    async byCaseNo(caseNo: string): Promise<{ rows: CaseIndexRow[]; checkpoint: number; version: number }> {
      const { version, checkpoint: stored } = await queries.active();
      const at = await reached(CASE_INDEX_NAME, version, stored);
      const rows = await readDb.query(`SELECT * FROM ${caseIndexTable(readDb, version)} WHERE case_no = $1 ORDER BY case_id LIMIT 16`, [caseNo]);
      return { rows: rows.map(caseIndexRowFrom), checkpoint: at, version };
    },
    /**
     * The cases that may be open at `atMs` in these halls, as the case index knows them (a superset:
     * every case submitted by then and not completed by then, but those never accepted and closed),
     * and the checkpoint the index reflects.
     */
    async maybeOpenAt(atMs: number, hallIds: readonly string[] | undefined): Promise<{ caseIds: string[]; checkpoint: number }> {
      const { version, checkpoint: stored } = await queries.active();
      const at = await reached(CASE_INDEX_NAME, version, stored);
      if (hallIds?.length === 0) return { caseIds: [], checkpoint: at };
      const halls = hallIds ? ` AND hall_id IN (${hallIds.map((_, i) => `$${i + 2}`).join(', ')})` : '';
      const rows = await readDb.query<{ case_id: string }>(
        `SELECT case_id FROM ${caseIndexTable(readDb, version)} WHERE submitted_at <= $1 AND (completed_at IS NULL OR completed_at > $1)
         AND NOT (accepted_at IS NULL AND state IN ('rejected', 'withdrawn'))${halls}`,
        [atMs, ...(hallIds ?? [])],
      );
      return { caseIds: rows.map((r) => String(r.case_id)), checkpoint: at };
    },
    /**
     * The report summed in the database from the figure facts, naming the version and checkpoint it
     * reflects; undefined when they cannot answer it (not caught up, a definition variant, an as-of
     * bound): the caller rebuilds it from the log.
     */
    async report(request: ReportOptions): Promise<(Report & { source: FigureFactsSource }) | undefined> {
      try {
        // The checkpoint read before the sums: they reflect at least it.
        const source = await figureSource();
        return source ? await figures.report(request, source) : undefined;
      } catch (error) {
        if (error instanceof FigureFactsUnsupportedError || isMissingTable(error)) return undefined;
        throw error;
      }
    },
    async close(): Promise<void> {
      await stopProjecting?.();
      if (readDb !== writeDb) await readDb.close();
      await writeDb?.close();
    },
  };
};

export type ReadModel = NonNullable<Awaited<ReturnType<typeof createReadModel>>>;
