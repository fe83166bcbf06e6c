import { hostname } from 'node:os';
import { openReadModelDatabase, readModelDatabaseOf } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';
import {
  CASE_INDEX_NAME, CASE_INDEX_VERSION, caseIndexRowFrom, caseIndexTable, createCaseIndex, createCaseQueries, createLease,
  ReadModelConflictError, ReadModelNotReadyError, type CaseIndex, type CaseIndexRow,
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
  /** How often the inline projector looks for events no one told it of (another process's writes). @defaultValue 200 ms */
  readonly pollMs?: number;
  /** This process's name in the lease. @defaultValue hall-service:<host>:<pid> */
  readonly holder?: string;
}

/** The read model's tables are not there yet: no projector ever ran against this database. */
export const isMissingTable = (error: unknown): boolean =>
  (error as { code?: string }).code === '42P01' || /no such table/.test((error as Error).message ?? '');

/** No version of the read model is readable yet (none caught up, or no tables at all). */
export const notReady = (error: unknown): boolean => error instanceof ReadModelNotReadyError || isMissingTable(error);

/** The read model did not reach the position a client asked to read after, within the wait. */
export interface Behind {
  readonly behind: true;
  readonly checkpoint: number | undefined;
}

/**
 * The case index in the database as the service reads it: queries on the read database (the
 * store's own, or a standby's), each naming the checkpoint it reflects; waits for a position a
 * client wrote at (read your own writes); and, with the inline projector, keeps the index up to
 * date itself whenever it holds the read model's lease (several processes: one projects, the
 * others wait for its checkpoint and take the lease over if it dies).
 */
export const createReadModel = async (store: EventStore, options: ReadModelOptions = {}) => {
  const writeDb = readModelDatabaseOf(store);
  if (!writeDb && !options.readStoreUrl) return undefined;
  const readDb: SqlDatabase = options.readStoreUrl ? await openReadModelDatabase(options.readStoreUrl) : (writeDb as SqlDatabase);
  const queries = createCaseQueries(readDb);
  const waitMs = options.waitMs ?? 5_000;
  const pollMs = options.pollMs ?? 200;
  const leaseMs = options.leaseMs ?? 10_000;

  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const kick = () => wake?.();

  const inline = (db: SqlDatabase) => {
    const lease = createLease(db, `${CASE_INDEX_NAME}@${CASE_INDEX_VERSION}`, options.holder ?? `hall-service:${hostname()}:${process.pid}`, leaseMs);
    let index: CaseIndex | undefined;
    let activated = false;
    const round = async (): Promise<void> => {
      if (!(await lease.acquire())) {
        index = undefined;
        activated = false;
        return;
      }
      if (!index) {
        index = createCaseIndex({ store, db });
        await index.open();
      }
      // The first catch-up also makes this version the one readers use; then a batch at a time, the lease renewed between.
      if (!activated) {
        await index.catchUp();
        activated = true;
      } else while ((await index.step()) > 0 && (await lease.acquire()));
    };
    const loop = (async () => {
      while (!stopped) {
        try {
          await round();
        } catch (error) {
          // Another holder moved the checkpoint (this one's lease had lapsed), or the database went away: fold again from the stored checkpoint.
          index = undefined;
          activated = false;
          if (!(error instanceof ReadModelConflictError)) console.error(`hall service read model: ${(error as Error).message}`);
        }
        if (!stopped) await pause(pollMs);
      }
      await lease.release().catch(() => undefined);
    })();
    return loop;
  };
  const projecting = options.projector !== 'workers' && writeDb ? inline(writeDb) : undefined;

  /** The checkpoint readers see now (undefined before any version caught up). */
  const checkpoint = async (): Promise<number | undefined> => {
    try {
      return (await queries.active()).checkpoint;
    } catch (error) {
      if (notReady(error)) return undefined;
      throw error;
    }
  };

  return {
    queries,
    checkpoint,
    /** Wakes the inline projector (after this service appended). */
    kick,
    /** Waits until readers see `position` or later; the checkpoint reached, or how far behind it stayed. */
    async waitFor(position: number): Promise<number | Behind> {
      const deadline = Date.now() + waitMs;
      for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
        const now = await checkpoint();
        if (now !== undefined && now >= position) return now;
        if (Date.now() >= deadline) return { behind: true, checkpoint: now };
        kick();
        await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(1, deadline - Date.now()))));
      }
    },
    /** Every row with this case number 办件编号 (one, unless two halls numbered alike), and the checkpoint they reflect. */
    async byCaseNo(caseNo: string): Promise<{ rows: CaseIndexRow[]; checkpoint: number }> {
      const { version, checkpoint: at } = await queries.active();
      const rows = await readDb.query(`SELECT * FROM ${caseIndexTable(readDb, version)} WHERE case_no = $1 ORDER BY case_id LIMIT 16`, [caseNo]);
      return { rows: rows.map(caseIndexRowFrom), checkpoint: at };
    },
    async close(): Promise<void> {
      stopped = true;
      kick();
      await projecting;
      if (readDb !== writeDb) await readDb.close();
      await writeDb?.close();
    },
  };
};

export type ReadModel = NonNullable<Awaited<ReturnType<typeof createReadModel>>>;
