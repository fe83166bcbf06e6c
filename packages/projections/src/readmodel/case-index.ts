import { type EventStore, sqlArray, type SqlArray, type SqlDatabase, type SqlQuery, type StoredEvent } from '@banjian/core';
import { caseFactsProjection } from '../cases/projection';
import { isCaseStream } from '../cases/fold';
import { instantMs } from '../cases/instant-ms';
import type { CaseFactsState } from '../cases/facts';
import { caseIndexRow, caseIndexValues, type CaseIndexRow } from './case-row';
import { partitionOfKey, type PartitionedReadModel, type PartitionFold } from './read-model';
import { createPartitionRunner, type BatchHooks } from './runner';
import { CASE_INDEX_COLUMNS, caseIndexTable, checkpointTable, createCaseIndexSchema } from './schema';

export const CASE_INDEX_NAME = 'caseIndex';
/** The case index's schema version: a new one builds beside the old (`case_index_v<n>`) and takes over once caught up. */
export const CASE_INDEX_VERSION = 1;

/** One partition of the case index in memory: its cases' facts, applicants and provisional cases. */
export interface CaseIndexFold extends PartitionFold {
  readonly state: CaseFactsState;
}

const PG_TYPES = [
  'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'integer',
  'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'integer', 'text', 'integer', 'text', 'bigint',
] as const;

const CHUNK_ROWS = 500;

const OWN_FACTS = new Set(['ConsultationRecorded', 'ComplaintFiled', 'ComplaintAnswered']);

/**
 * One partition's fold of the case index. A case's row is worked out at the business time of its
 * own last event (`lastAt`, kept whether or not the fold records), so the row a batch writes is the
 * row a fold of the whole log gives (`rowOf`, what `checkReadModels` compares with), whatever the
 * batches were; a published calendar only marks the provisional cases to be worked out again.
 */
export const createCaseIndexFold = (): CaseIndexFold & { take(): CaseIndexRow[]; rowOf(caseId: string): CaseIndexRow | undefined } => {
  let state: CaseFactsState = caseFactsProjection.init();
  const applicants = new Map<string, string>();
  const lastAt = new Map<string, number>();
  /** Open cases whose due times are provisional: a published calendar may change them. */
  const provisional = new Set<string>();
  /** Cases changed since the last take. */
  let touched = new Set<string>();
  const rowOf = (caseId: string): CaseIndexRow | undefined => {
    const at = lastAt.get(caseId);
    return at === undefined ? undefined : caseIndexRow(state, caseId, at, applicants.get(caseId));
  };
  return {
    get state() {
      return state;
    },
    rowOf,
    apply(event, record) {
      state = caseFactsProjection.apply(state, event);
      const caseId = (event.data as { caseId?: string }).caseId;
      if (event.type === 'ApplicationSubmitted') applicants.set(caseId as string, (event.data as { applicant: { ref: string } }).applicant.ref);
      if (caseId !== undefined && state.cases.has(caseId)) {
        const at = instantMs(event.occurredAt);
        const before = lastAt.get(caseId);
        if (before === undefined || at > before) lastAt.set(caseId, at);
        if (record) touched.add(caseId);
      }
      if (record && event.type === 'CalendarPublished') for (const id of provisional) touched.add(id);
    },
    replayed() {
      for (const [caseId, facts] of state.cases) if (facts.status === 'accepted' || facts.status === 'suspended') provisional.add(caseId);
    },
    take() {
      const rows: CaseIndexRow[] = [];
      for (const caseId of touched) {
        const row = rowOf(caseId);
        if (!row) continue;
        rows.push(row);
        if (row.open && row.provisional) provisional.add(caseId);
        else provisional.delete(caseId);
      }
      touched = new Set();
      return rows;
    },
  };
};

type Fold = ReturnType<typeof createCaseIndexFold>;

/**
 * The case index 办件库 as a partitioned read model: a case's events fold into the partition of
 * its stream (a stable hash), hall context events (halls, departments, windows, items, calendars,
 * consultations, complaints) into every partition, so each partition folds its cases exactly as a
 * whole-log fold would (the projections' own `caseFactsProjection`). Rows come from the case summary.
 */
export const caseIndexModel = (db: SqlDatabase, options: { version?: number; partitions?: number } = {}): PartitionedReadModel<Fold, CaseIndexRow[]> => {
  const version = options.version ?? CASE_INDEX_VERSION;
  const table = caseIndexTable(db, version);
  const types = new Set<string>(caseFactsProjection.eventTypes);
  const columns = CASE_INDEX_COLUMNS.join(', ');
  const updates = CASE_INDEX_COLUMNS.filter((c) => c !== 'case_id').map((c) => `${c} = excluded.${c}`).join(', ');
  const unnest = PG_TYPES.map((t, k) => `$${k + 1}::${t}[]`).join(', ');
  const upsertPg = `INSERT INTO ${table} (${columns}) SELECT * FROM unnest(${unnest}) ON CONFLICT (case_id) DO UPDATE SET ${updates}`;
  let prepared = false;

  const writePg = async (tx: SqlQuery, rows: readonly CaseIndexRow[]) => {
    const arrays: (string | number | null)[][] = CASE_INDEX_COLUMNS.map(() => new Array(rows.length));
    rows.forEach((row, i) => {
      const values = caseIndexValues(row);
      for (let c = 0; c < values.length; c++) (arrays[c] as unknown[])[i] = values[c];
    });
    await tx.query(upsertPg, arrays.map((values, k) => sqlArray(PG_TYPES[k] as SqlArray['sqlArrayOf'], values)));
  };

  const writeSqlite = async (tx: SqlQuery, rows: readonly CaseIndexRow[]) => {
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

  return {
    name: CASE_INDEX_NAME,
    version,
    partitions: options.partitions ?? (db.dialect === 'postgres' ? DEFAULT_PG_PARTITIONS : 1),
    async prepare() {
      if (prepared) return;
      await createCaseIndexSchema(db, version);
      prepared = true;
    },
    route(event, partitions) {
      if (!types.has(event.type)) return undefined;
      const caseId = (event.data as { caseId?: string }).caseId;
      if (isCaseStream(event.streamId)) return partitionOfKey(caseId as string, partitions);
      // Consultations and complaints are no case's context: each is folded once, a complaint about a
      // case where the case is (its filing dates the case's row).
      if (OWN_FACTS.has(event.type)) return partitionOfKey(caseId ?? event.streamId, partitions);
      return 'all';
    },
    createFold: createCaseIndexFold,
    take(folds) {
      return folds.flatMap((f) => f.take());
    },
    async write(tx, rows) {
      if (rows.length === 0) return;
      await (db.dialect === 'postgres' ? writePg(tx, rows) : writeSqlite(tx, rows));
    },
  };
};

/** Partitions of a new case index version on PostgreSQL (several workers share them); SQLite keeps one. */
export const DEFAULT_PG_PARTITIONS = 8;

export interface CaseIndexOptions {
  readonly store: EventStore;
  readonly db: SqlDatabase;
  readonly version?: number;
  /** Events read and written per transaction (default 20,000: fewer rows to work out and write when catching up). */
  readonly batchSize?: number;
  /** Partitions of a new version (default 8 on PostgreSQL, 1 on SQLite). */
  readonly partitions?: number;
}

/**
 * The case index 办件库 kept in the store's database by this process alone, every partition held
 * (no lease: `createProjectionWorker` shares the partitions among processes). Each batch of the
 * log writes the rows of the cases it touched and the partitions' checkpoints in one transaction,
 * so after a crash the rows and the checkpoints agree, and the next run folds the log up to the
 * checkpoints again (writing nothing) and goes on: every event is reflected exactly once.
 */
export const createCaseIndex = (options: CaseIndexOptions) => {
  const { store, db } = options;
  const model = caseIndexModel(db, options);
  const runner = createPartitionRunner({ store, db, model, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
  let opened = false;
  const open = async (): Promise<void> => {
    if (opened) return;
    const partitions = await runner.open();
    await runner.add(Array.from({ length: partitions }, (_, p) => p));
    opened = true;
  };
  return {
    name: CASE_INDEX_NAME,
    version: model.version,
    table: caseIndexTable(db, model.version),
    open,
    /** Reads and writes one batch after the checkpoint; the number of events it read (0: caught up). */
    async step(hooks: BatchHooks = {}): Promise<number> {
      await open();
      return runner.step(hooks);
    },
    /** Batches until the log's end as it stands; takes over from older versions once there. */
    async catchUp(): Promise<number> {
      await open();
      let read = 0;
      for (let n = await runner.catchUp(); n > 0; n = await runner.catchUp()) read += n;
      await runner.activateIfCaughtUp();
      return read;
    },
    /** The position every partition has reached. */
    get checkpoint(): number {
      return Math.min(...runner.held.values());
    },
  };
};

export type CaseIndex = ReturnType<typeof createCaseIndex>;

/** Where a read model stands against the log (`checkpoint`: every partition has reached it). */
export interface ReadModelStatus {
  readonly name: string;
  readonly version: number;
  readonly checkpoint: number;
  readonly active: boolean;
}

/** Every version of a read model with its checkpoint and whether readers use it. */
export const readModelStatus = async (db: SqlDatabase, name = CASE_INDEX_NAME): Promise<ReadModelStatus[]> => {
  const rows = await db.query<{ version: number; position: number; active: number }>(
    `SELECT version, position, active FROM ${checkpointTable(db)} WHERE name = $1 ORDER BY version`,
    [name],
  ).catch(() => []);
  return rows.map((r) => ({ name, version: Number(r.version), checkpoint: Number(r.position), active: Number(r.active) === 1 }));
};
