import type { SqlDatabase, SqlQuery } from '@banjian/core';
import { DIMENSIONS, type Dimension } from '../figures/dimensions';
import { FACT, type FigureFactRow } from './figure-rows';
import { pgArrayLiteral } from './pg-array';

/** The figure facts of a schema version: `figure_facts_v<version>`, and the hall context they were judged under. */
export const figureFactsTable = (db: SqlDatabase, version: number): string => db.table(`figure_facts_v${version}`);
export const figureContextTable = (db: SqlDatabase, version: number): string => db.table(`figure_context_v${version}`);

/** The key column of a report dimension. */
export const keyColumn = (d: Dimension): string => `k_${d}`;

/** Columns of the figure facts, in insert order. Times are epoch milliseconds (business time). */
export const FIGURE_FACT_COLUMNS = [
  'owner', 'fact', 'at_ms', 'until_ms', 'hall_id', ...DIMENSIONS.map(keyColumn), 'accepted_at', 'close_at', 'flags', 'per_day_ms', 'ms1', 'ms2', 'currency', 'amount',
] as const;

export const figureFactValues = (r: FigureFactRow): unknown[] => [
  r.owner, r.fact, r.atMs, r.untilMs, r.hallId, ...r.keys, r.acceptedAt, r.closeAt, r.flags, r.perDayMs, r.ms1, r.ms2, r.currency, r.amount,
];

/** The columns a report's sums read besides the range searched. */
const SUMMED = ['fact', 'flags', 'per_day_ms', 'currency', 'ms1', 'ms2', 'amount', ...DIMENSIONS.map(keyColumn)];

/** An index on `keys` holding `more` too: PostgreSQL's INCLUDE, SQLite's longer key (either answers from the index alone). */
const covering = (db: SqlDatabase, name: string, table: string, keys: readonly string[], more: readonly string[], where?: string): string =>
  `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${db.dialect === 'postgres' ? `${keys.join(', ')}) INCLUDE (${more.join(', ')}` : [...keys, ...more].join(', ')})${where ? ` WHERE ${where}` : ''}`;

/** Creates the figure facts and context tables of `version` (nothing if they exist). */
export const createFigureFactsSchema = async (db: SqlDatabase, version: number): Promise<void> => {
  const t = figureFactsTable(db, version);
  const base = `figure_facts_v${version}`;
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${t} (
      owner text NOT NULL, fact integer NOT NULL, at_ms bigint NOT NULL, until_ms bigint, hall_id text NOT NULL,
      ${DIMENSIONS.map((d) => `${keyColumn(d)} text NOT NULL`).join(', ')},
      accepted_at bigint, close_at bigint, flags integer NOT NULL, per_day_ms bigint, ms1 bigint NOT NULL, ms2 bigint NOT NULL,
      currency text, amount bigint)`,
    `CREATE INDEX IF NOT EXISTS ix_${base}_owner ON ${t} (owner)`,
    // A period's facts of a hall subtree, the completions of the cases accepted in it (cohort), and
    // the cases open at its end (status runs by their last day): each index holds every column the
    // sums read, so a report reads the index range of its halls and period, never the rows
    // scattered over the table (a hall's facts come in log order, among every other hall's).
    covering(db, `ix_${base}_at`, t, ['hall_id', 'at_ms'], [...SUMMED, 'accepted_at', 'close_at']),
    covering(db, `ix_${base}_open`, t, ['hall_id', 'until_ms'], [...SUMMED, 'at_ms'], `fact = ${FACT.open}`),
    covering(db, `ix_${base}_cohort`, t, ['hall_id', 'accepted_at'], SUMMED, `fact = ${FACT.completed}`),
    `CREATE TABLE IF NOT EXISTS ${figureContextTable(db, version)} (position bigint PRIMARY KEY, event text NOT NULL)`,
  ];
  await db.transaction(async (tx) => {
    if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [t]);
    for (const sql of statements) await tx.query(sql);
  });
};

const CHUNK_ROWS = 400;
const PG_TYPES = ['text', 'integer', 'bigint', 'bigint', 'text', ...DIMENSIONS.map(() => 'text'), 'bigint', 'bigint', 'integer', 'bigint', 'bigint', 'bigint', 'text', 'bigint'];

/** Inserts rows: on PostgreSQL one statement of arrays (`unnest`, each column one array literal), on SQLite chunks of one statement each. */
export const insertFigureFacts = async (tx: SqlQuery, db: SqlDatabase, table: string, rows: readonly FigureFactRow[]): Promise<void> => {
  const columns = FIGURE_FACT_COLUMNS.join(', ');
  if (rows.length === 0) return;
  if (db.dialect === 'postgres') {
    const arrays: (string | number | null)[][] = FIGURE_FACT_COLUMNS.map(() => new Array(rows.length));
    rows.forEach((row, i) => {
      const values = figureFactValues(row);
      for (let c = 0; c < values.length; c++) (arrays[c] as unknown[])[i] = values[c];
    });
    await tx.query(`INSERT INTO ${table} (${columns}) SELECT * FROM unnest(${PG_TYPES.map((t, k) => `$${k + 1}::${t}[]`).join(', ')})`, arrays.map(pgArrayLiteral));
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const chunk = rows.slice(i, i + CHUNK_ROWS);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const values = figureFactValues(row);
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, k) => `$${start + k + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`, params);
  }
};

/** Deletes every row of the owners (a case, consultation or complaint written again). */
export const deleteFigureFacts = async (tx: SqlQuery, db: SqlDatabase, table: string, owners: readonly string[]): Promise<void> => {
  if (owners.length === 0) return;
  if (db.dialect === 'postgres') {
    await tx.query(`DELETE FROM ${table} WHERE owner = ANY($1::text[])`, [owners]);
    return;
  }
  for (let i = 0; i < owners.length; i += CHUNK_ROWS) {
    const chunk = owners.slice(i, i + CHUNK_ROWS);
    await tx.query(`DELETE FROM ${table} WHERE owner IN (${chunk.map((_, k) => `$${k + 1}`).join(', ')})`, chunk);
  }
};
