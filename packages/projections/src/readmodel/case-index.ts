import type { EventStore, SqlDatabase, SqlQuery, StoredEvent } from '@banjian/core';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { caseIndexRow, caseIndexValues, type CaseIndexRow } from './case-row';
import { CASE_INDEX_COLUMNS, caseIndexTable, checkpointTable, createCaseIndexSchema, readCheckpoint } from './schema';

export const CASE_INDEX_NAME = 'caseIndex';
/** The case index's schema version: a new one builds beside the old (`case_index_v<n>`) and takes over once caught up. */
export const CASE_INDEX_VERSION = 1;

export interface CaseIndexOptions {
  readonly store: EventStore;
  readonly db: SqlDatabase;
  readonly version?: number;
  /** Events read and written per transaction (default 5,000). */
  readonly batchSize?: number;
}

/** Where a read model stands against the log. */
export interface ReadModelStatus {
  readonly name: string;
  readonly version: number;
  readonly checkpoint: number;
  readonly active: boolean;
}

/** The checkpoint moved under this writer: another process writes this read model. */
export class ReadModelConflictError extends Error {
  override readonly name = 'ReadModelConflictError';
  readonly kind = 'readModelConflict' as const;
  constructor(readonly model: string, readonly expected: number) {
    super(`read model ${model}: its checkpoint is no longer ${expected}; another writer moved it`);
  }
}

const CHUNK_ROWS = 500;

const caseIdOf = (event: StoredEvent): string | undefined => (event.data as { caseId?: unknown }).caseId as string | undefined;

/**
 * The case index 办件库 kept in the store's database. The case facts are folded in memory (the
 * projections' own fold, `caseFactsProjection`); each batch of the log writes the rows of the cases
 * it touched and the new checkpoint in one transaction, so after a crash the rows and the checkpoint
 * agree, and the next run folds the log up to the checkpoint again (writing nothing) and goes on:
 * every event is reflected exactly once.
 */
export const createCaseIndex = (options: CaseIndexOptions) => {
  const { store, db } = options;
  const version = options.version ?? CASE_INDEX_VERSION;
  const batchSize = options.batchSize ?? 5_000;
  const table = caseIndexTable(db, version);
  const checkpoints = checkpointTable(db);
  const types = new Set<string>(caseFactsProjection.eventTypes);
  let state: CaseFactsState = caseFactsProjection.init();
  const applicants = new Map<string, string>();
  /** Open cases whose due times are provisional: a published calendar may change them. */
  const provisional = new Set<string>();
  let position = 0;
  let opened = false;

  const fold = (event: StoredEvent, touched: Map<string, number> | undefined) => {
    if (!types.has(event.type)) return;
    state = caseFactsProjection.apply(state, event);
    if (event.type === 'ApplicationSubmitted') {
      const data = event.data as { caseId: string; applicant: { ref: string } };
      applicants.set(data.caseId, data.applicant.ref);
    }
    if (!touched) return;
    const at = Date.parse(event.occurredAt);
    const caseId = caseIdOf(event);
    if (caseId !== undefined && state.cases.has(caseId)) touched.set(caseId, Math.max(touched.get(caseId) ?? at, at));
    if (event.type === 'CalendarPublished') for (const id of provisional) touched.set(id, Math.max(touched.get(id) ?? at, at));
  };

  const writeRows = async (tx: SqlQuery, rows: readonly CaseIndexRow[]) => {
    const columns = CASE_INDEX_COLUMNS.join(', ');
    const updates = CASE_INDEX_COLUMNS.filter((c) => c !== 'case_id').map((c) => `${c} = excluded.${c}`).join(', ');
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      const chunk = rows.slice(i, i + CHUNK_ROWS);
      const params: unknown[] = [];
      const tuples = chunk.map((row) => {
        const values = caseIndexValues(row);
        const start = params.length;
        params.push(...values);
        return `(${values.map((_, k) => `$${start + k + 1}`).join(', ')})`;
      });
      await tx.query(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')} ON CONFLICT (case_id) DO UPDATE SET ${updates}`, params);
    }
  };

  /** Creates the tables if needed and folds the log up to the stored checkpoint (nothing written). */
  const open = async (): Promise<void> => {
    if (opened) return;
    await createCaseIndexSchema(db, version);
    const stored = await readCheckpoint(db, checkpoints, CASE_INDEX_NAME, version);
    for await (const event of store.readAll({ maxCount: stored.position })) fold(event, undefined);
    position = stored.position;
    for (const [caseId, facts] of state.cases) if (facts.status === 'accepted' || facts.status === 'suspended') provisional.add(caseId);
    opened = true;
  };

  /** Folds a batch and works out the rows of the cases it touched. */
  const foldBatch = (events: readonly StoredEvent[]): CaseIndexRow[] => {
    const touched = new Map<string, number>();
    // If the batch's transaction then fails, this index object is done for (a new one folds again
    // from the stored checkpoint), as a crashed process would be.
    for (const event of events) fold(event, touched);
    const rows: CaseIndexRow[] = [];
    for (const [caseId, at] of touched) {
      const row = caseIndexRow(state, caseId, at, applicants.get(caseId));
      if (!row) continue;
      rows.push(row);
      if (row.open && row.provisional) provisional.add(caseId);
      else provisional.delete(caseId);
    }
    return rows;
  };

  type Hooks = { beforeCommit?: (tx: SqlQuery) => Promise<void> };

  /** Writes a batch's rows and moves the checkpoint from `from` to `to`, in one transaction. */
  const writeBatch = async (rows: readonly CaseIndexRow[], from: number, to: number, hooks: Hooks = {}): Promise<void> => {
    await db.transaction(async (tx) => {
      await writeRows(tx, rows);
      await hooks.beforeCommit?.(tx);
      const moved = await tx.query<{ position: number }>(
        `UPDATE ${checkpoints} SET position = $1 WHERE name = $2 AND version = $3 AND position = $4 RETURNING position`,
        [to, CASE_INDEX_NAME, version, from],
      );
      if (moved.length !== 1) throw new ReadModelConflictError(`${CASE_INDEX_NAME}@${version}`, from);
    });
    position = to;
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

  /** Reads and writes one batch after the checkpoint; the number of events it read (0: caught up). */
  const step = async (hooks: Hooks = {}): Promise<number> => {
    await open();
    const events = await nextBatch(store.readAll({ after: position, maxCount: batchSize })[Symbol.asyncIterator]());
    if (events.length === 0) return 0;
    await writeBatch(foldBatch(events), position, (events[events.length - 1] as StoredEvent).globalPosition, hooks);
    return events.length;
  };

  /**
   * Batches to the end of the log as it stood when called, each batch read while the one before
   * is written (writes stay one at a time, in order).
   */
  const catchUpOnce = async (): Promise<number> => {
    await open();
    const events = store.readAll({ after: position })[Symbol.asyncIterator]();
    let read = 0;
    let folded = position;
    let writing: Promise<void> = Promise.resolve();
    for (let batch = await nextBatch(events); batch.length > 0; batch = await nextBatch(events)) {
      const rows = foldBatch(batch);
      const from = folded;
      folded = (batch[batch.length - 1] as StoredEvent).globalPosition;
      await writing;
      writing = writeBatch(rows, from, folded);
      // Its failure is taken up by the next `await writing`, not reported as unhandled meanwhile.
      writing.catch(() => undefined);
      read += batch.length;
    }
    await writing;
    return read;
  };

  return {
    name: CASE_INDEX_NAME,
    version,
    table,
    open,
    step,
    /** Batches until the log's end as it stands; takes over from older versions once there. */
    async catchUp(): Promise<number> {
      let read = await catchUpOnce();
      for (let n = await step(); n > 0; n = await step()) read += n;
      await activate();
      return read;
    },
    get checkpoint() {
      return position;
    },
    /** The folded case facts (for tests and for workers that answer from memory too). */
    get state(): CaseFactsState {
      return state;
    },
  };

  /** This version becomes the one readers use; older versions stop being read (their tables stay until dropped). */
  async function activate(): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE ${checkpoints} SET active = CASE WHEN version = $2 THEN 1 ELSE 0 END WHERE name = $1 AND (version = $2 OR version < $2)`, [CASE_INDEX_NAME, version]);
    });
  }
};

export type CaseIndex = ReturnType<typeof createCaseIndex>;

/** Every version of a read model with its checkpoint and whether readers use it. */
export const readModelStatus = async (db: SqlDatabase, name = CASE_INDEX_NAME): Promise<ReadModelStatus[]> => {
  const rows = await db.query<{ version: number; position: number; active: number }>(
    `SELECT version, position, active FROM ${checkpointTable(db)} WHERE name = $1 ORDER BY version`,
    [name],
  ).catch(() => []);
  return rows.map((r) => ({ name, version: Number(r.version), checkpoint: Number(r.position), active: Number(r.active) === 1 }));
};
