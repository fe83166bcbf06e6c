import { sqlArray, type SqlArray, type SqlDatabase, type SqlQuery } from '@banjian/core';
import { DIMENSIONS, type Dimension } from '../figures/dimensions';
import { FACT, type FigureFactRow } from './figure-rows';

/** The figure facts of a schema version: `figure_facts_v<version>`, and the hall context they were judged under. */
export const figureFactsTable = (db: SqlDatabase, version: number): string => db.table(`figure_facts_v${version}`);
export const figureContextTable = (db: SqlDatabase, version: number): string => db.table(`figure_context_v${version}`);

/** The key column of a report dimension. */
export const keyColumn = (d: Dimension): string => `k_${d}`;

/** Columns of the figure facts, in insert order. Times are epoch milliseconds (business time). */
export const FIGURE_FACT_COLUMNS = [
  'owner', 'fact', 'at_ms', 'until_ms', 'hall_id', ...DIMENSIONS.map(keyColumn), 'accepted_at', 'close_at', 'flags', 'per_day_ms', 'ms1', 'ms2', 'currency', 'amount',
] as const;

type ColumnValue = string | number | null;

/** Each column's value of a row, in `FIGURE_FACT_COLUMNS` order. */
const COLUMN_VALUES: readonly ((r: FigureFactRow) => ColumnValue)[] = [
  (r) => r.owner, (r) => r.fact, (r) => r.atMs, (r) => r.untilMs, (r) => r.hallId, ...DIMENSIONS.map((_, k) => (r: FigureFactRow) => r.keys[k] as string),
  (r) => r.acceptedAt, (r) => r.closeAt, (r) => r.flags, (r) => r.perDayMs, (r) => r.ms1, (r) => r.ms2, (r) => r.currency, (r) => r.amount,
];

export const figureFactValues = (r: FigureFactRow): ColumnValue[] => COLUMN_VALUES.map((value) => value(r));

/** The columns a report's sums read besides the range searched. */
const SUMMED = ['fact', 'flags', 'per_day_ms', 'currency', 'ms1', 'ms2', 'amount', ...DIMENSIONS.map(keyColumn)];

/** An index on `keys` holding `more` too: PostgreSQL's INCLUDE, SQLite's longer key (either answers from the index alone). */
const covering = (db: SqlDatabase, name: string, table: string, keys: readonly string[], more: readonly string[], where?: string): string =>
  `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${db.dialect === 'postgres' ? `${keys.join(', ')}) INCLUDE (${more.join(', ')}` : [...keys, ...more].join(', ')})${where ? ` WHERE ${where}` : ''}`;

/**
 * The covering indexes reports read: a period's facts of a hall subtree, the completions of the
 * cases accepted in it (cohort), and the cases open at its end (status runs by their last day).
 * Each holds every column the sums read, so a report reads the index range of its halls and
 * period, never the rows scattered over the table (a hall's facts come in log order, among every
 * other hall's).
 */
const readerIndexes = (db: SqlDatabase, version: number): { name: string; sql: string }[] => {
  const t = figureFactsTable(db, version);
  const base = `figure_facts_v${version}`;
  return [
    { name: `ix_${base}_at`, keys: ['hall_id', 'at_ms'], more: [...SUMMED, 'accepted_at', 'close_at'] },
    { name: `ix_${base}_open`, keys: ['hall_id', 'until_ms'], more: [...SUMMED, 'at_ms'], where: `fact = ${FACT.open}` },
    { name: `ix_${base}_cohort`, keys: ['hall_id', 'accepted_at'], more: SUMMED, where: `fact = ${FACT.completed}` },
  ].map((ix) => ({ name: ix.name, sql: covering(db, ix.name, t, ix.keys, ix.more, ix.where) }));
};

/**
 * Creates the figure facts and context tables of `version` (nothing if they exist), without the
 * covering indexes reports read: keeping those up row by row is most of what a catch-up from
 * nothing would write. They are built once the version has caught up (`createFigureReaderIndexes`),
 * before it is activated; until then the version is not read (`figureReaderIndexed`).
 */
export const createFigureFactsSchema = async (db: SqlDatabase, version: number): Promise<void> => {
  const t = figureFactsTable(db, version);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${t} (
      owner text NOT NULL, fact integer NOT NULL, at_ms bigint NOT NULL, until_ms bigint, hall_id text NOT NULL,
      ${DIMENSIONS.map((d) => `${keyColumn(d)} text NOT NULL`).join(', ')},
      accepted_at bigint, close_at bigint, flags integer NOT NULL, per_day_ms bigint, ms1 bigint NOT NULL, ms2 bigint NOT NULL,
      currency text, amount bigint)`,
    // A case written again deletes its rows by owner, during the catch-up as after it.
    `CREATE INDEX IF NOT EXISTS ix_figure_facts_v${version}_owner ON ${t} (owner)`,
    `CREATE TABLE IF NOT EXISTS ${figureContextTable(db, version)} (position bigint PRIMARY KEY, event text NOT NULL)`,
  ];
  await db.transaction(async (tx) => {
    if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [t]);
    for (const sql of statements) await tx.query(sql);
  });
};

/** Whether every covering index reports read exists. */
export const figureReaderIndexed = async (db: SqlDatabase, version: number): Promise<boolean> => {
  const names = readerIndexes(db, version).map((ix) => ix.name);
  const [row] =
    db.dialect === 'postgres'
      ? await db.query<{ found: number }>(`SELECT count(*) AS found FROM unnest($1::text[]) AS n WHERE to_regclass(n) IS NOT NULL`, [names.map((n) => db.table(n))])
      : await db.query<{ found: number }>(`SELECT count(*) AS found FROM sqlite_master WHERE type = 'index' AND name IN (${names.map((_, k) => `$${k + 1}`).join(', ')})`, names);
  return Number(row?.found ?? 0) === names.length;
};

/**
 * Builds the covering indexes reports read (each: nothing if it exists), sorted over the whole
 * table once a catch-up is done, instead of kept up row by row during it.
 */
export const createFigureReaderIndexes = async (db: SqlDatabase, version: number): Promise<void> => {
  if (await figureReaderIndexed(db, version)) return;
  // On PostgreSQL each on a connection of its own, at once (builds share the table's lock); a version is read once all exist.
  await Promise.all(
    readerIndexes(db, version).map((ix) =>
      db.transaction(async (tx) => {
        if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [db.table(ix.name)]);
        await tx.query(ix.sql);
      }),
    ),
  );
};

const CHUNK_ROWS = 400;
const PG_TYPES: SqlArray['sqlArrayOf'][] = ['text', 'integer', 'bigint', 'bigint', 'text', ...DIMENSIONS.map(() => 'text' as const), 'bigint', 'bigint', 'integer', 'bigint', 'bigint', 'bigint', 'text', 'bigint'];

/** Inserts rows: on PostgreSQL one statement of arrays (`unnest`, each column one array), on SQLite chunks of one statement each. */
export const insertFigureFacts = async (tx: SqlQuery, db: SqlDatabase, table: string, rows: readonly FigureFactRow[]): Promise<void> => {
  const columns = FIGURE_FACT_COLUMNS.join(', ');
  if (rows.length === 0) return;
  if (db.dialect === 'postgres') {
    // One binary array a column (no number printed here or parsed there), taken straight from the rows.
    const arrays = COLUMN_VALUES.map((value, k) => sqlArray(PG_TYPES[k]!, rows.map(value)));
    await tx.query(`INSERT INTO ${table} (${columns}) SELECT * FROM unnest(${PG_TYPES.map((t, k) => `$${k + 1}::${t}[]`).join(', ')})`, arrays);
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
