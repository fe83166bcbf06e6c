import type { SqlDatabase, SqlQuery } from '@banjian/core';

/**
 * Where every read model stands: one row per (name, version) with the global position its rows
 * reflect, written in the same transaction as the rows; `active` marks the version readers use.
 */
export const checkpointTable = (db: SqlDatabase): string => db.table('readmodel_checkpoints');

/** The case index 办件库 of a schema version: `case_index_v<version>`. */
export const caseIndexTable = (db: SqlDatabase, version: number): string => db.table(`case_index_v${version}`);

/** Columns of the case index, in insert order. Times are epoch milliseconds (business time). */
export const CASE_INDEX_COLUMNS = [
  'case_id', 'case_no', 'hall_id', 'department_id', 'window_id', 'staff_id', 'item_code', 'kind', 'channel', 'state', 'open',
  'submitted_at', 'accepted_at', 'completed_at', 'promised_due_at', 'statutory_due_at', 'suspended', 'alert_level', 'provisional',
  'applicant_ref', 'position',
] as const;

/** Creates the checkpoint table and the case index of `version` (nothing if they exist). */
export const createCaseIndexSchema = async (db: SqlDatabase, version: number): Promise<void> => {
  const t = caseIndexTable(db, version);
  const base = `case_index_v${version}`;
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${checkpointTable(db)} (name text NOT NULL, version integer NOT NULL, position bigint NOT NULL, active integer NOT NULL DEFAULT 0, PRIMARY KEY (name, version))`,
    `CREATE TABLE IF NOT EXISTS ${t} (
      case_id text PRIMARY KEY, case_no text NOT NULL, hall_id text NOT NULL, department_id text, window_id text, staff_id text,
      item_code text NOT NULL, kind text, channel text NOT NULL, state text NOT NULL, open integer NOT NULL,
      submitted_at bigint NOT NULL, accepted_at bigint, completed_at bigint, promised_due_at bigint, statutory_due_at bigint,
      suspended integer NOT NULL, alert_level text, provisional integer NOT NULL, applicant_ref text, position bigint NOT NULL)`,
    // 待办 of a window, a department, a member of staff: open cases by due time.
    `CREATE INDEX IF NOT EXISTS ix_${base}_window ON ${t} (hall_id, window_id, promised_due_at, case_id) WHERE open = 1`,
    `CREATE INDEX IF NOT EXISTS ix_${base}_department ON ${t} (hall_id, department_id, promised_due_at, case_id) WHERE open = 1`,
    `CREATE INDEX IF NOT EXISTS ix_${base}_staff ON ${t} (hall_id, staff_id, promised_due_at, case_id) WHERE open = 1`,
    `CREATE INDEX IF NOT EXISTS ix_${base}_due ON ${t} (promised_due_at, case_id) WHERE open = 1 AND suspended = 0`,
    `CREATE INDEX IF NOT EXISTS ix_${base}_case_no ON ${t} (case_no)`,
    `CREATE INDEX IF NOT EXISTS ix_${base}_applicant ON ${t} (applicant_ref, submitted_at, case_id)`,
  ];
  await db.transaction(async (tx) => {
    // Two processes opening at once must not race to create one table (PostgreSQL's catalog is not IF NOT EXISTS-safe).
    if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [t]);
    // PostgreSQL takes them as one text (no parameters: the simple protocol runs several statements), one round trip.
    if (db.dialect === 'postgres') await tx.query(statements.join(';\n'));
    else for (const sql of statements) await tx.query(sql);
    await tx.query(`INSERT INTO ${checkpointTable(db)} (name, version, position, active) VALUES ('caseIndex', $1, 0, 0) ON CONFLICT (name, version) DO NOTHING`, [version]);
  });
};

/** The position the rows of (name, version) reflect. */
export const readCheckpoint = async (db: SqlQuery, table: string, name: string, version: number): Promise<{ position: number; active: boolean }> => {
  const [row] = await db.query<{ position: number; active: number }>(`SELECT position, active FROM ${table} WHERE name = $1 AND version = $2`, [name, version]);
  return { position: Number(row?.position ?? 0), active: Number(row?.active ?? 0) === 1 };
};
