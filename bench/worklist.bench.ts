import { createPostgresEventStore, readModelDatabaseOf } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';
import { CASE_INDEX_COLUMNS, caseIndexTable, checkpointTable, createCaseIndex, createCaseQueries } from '@banjian/projections';
import { buildCountyHall } from '@banjian/projections/golden';
import type { BenchSuite, Metric } from './types';

/**
 * `worklist.pg.p50Ms`: the median of 200 first pages (50 rows) of a window's work queue 待办
 * through `createCaseQueries` (the active version's checkpoint, then the page: two queries) on a
 * case index as large as a 5-million-event log's.
 *
 * How the index is built (no 5 million events are simulated and imported on this 2-core machine):
 * the golden county hall's simulated year (11,871 applications, 52,793 events) up to its middle
 * (the first 26,396 events: the hall mid-year, its queues full of open cases) is folded into case
 * index rows by the case index itself (`createCaseIndex`, the real fold and row writer); then those
 * rows are copied in SQL as 190 halls (case id, case number, hall id, window, department and staff
 * ids and the applicant ref suffixed with the copy number; positions shifted by the copy times the
 * half log's length): 190 × 26,396 = 5.0 million events' worth of rows, with every index of the
 * table maintained as rows are inserted, then ANALYZE. The result is kept in the schema
 * `bench_worklist_5m_v2` for later runs (drop it to build again). Also
 * `worklist.pg.rows` (rows in the index) and `worklist.pg.queueRows` (open cases in the window
 * asked for).
 */
const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_worklist_5m_v2';
const TARGET_EVENTS = 5_000_000;
const COPIED = new Set(['case_id', 'case_no', 'hall_id', 'department_id', 'window_id', 'staff_id', 'applicant_ref']);

/** The first `count` events of a log: the hall as it stood mid-year, its work queues full. */
const firstEvents = (log: EventStore, count: number): EventStore => ({
  ...log,
  readAll: (options = {}) => log.readAll({ ...options, maxCount: Math.max(0, Math.min(options.maxCount ?? Infinity, count - (options.after ?? 0))) }),
});

const build = async (db: SqlDatabase): Promise<void> => {
  const county = await buildCountyHall();
  let all = 0;
  for await (const _ of county.readAll()) all++;
  const events = Math.floor(all / 2);
  await createCaseIndex({ store: firstEvents(county, events), db }).catchUp();
  const copies = Math.ceil(TARGET_EVENTS / events);
  const table = caseIndexTable(db, 1);
  const columns = CASE_INDEX_COLUMNS.join(', ');
  const copied = CASE_INDEX_COLUMNS.map((c) => (c === 'position' ? `position + k * ${events}` : COPIED.has(c) ? `${c} || '~' || k` : c)).join(', ');
  await db.query(`INSERT INTO ${table} (${columns}) SELECT ${copied} FROM ${table}, generate_series(1, ${copies - 1}) AS k`);
  await db.query(`UPDATE ${checkpointTable(db)} SET position = $1, active = 1 WHERE name = 'caseIndex' AND version = 1`, [events * copies]);
  await db.query(`ANALYZE ${table}`);
  await db.query(`CREATE TABLE ${db.table('bench_built')} (events bigint NOT NULL)`);
  await db.query(`INSERT INTO ${db.table('bench_built')} VALUES ($1)`, [events * copies]);
};

const suite: BenchSuite = {
  metrics: ['worklist.pg.p50Ms', 'worklist.pg.p99Ms', 'worklist.pg.rows', 'worklist.pg.queueRows'],
  async run() {
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema: SCHEMA });
    try {
      const db = readModelDatabaseOf(store) as SqlDatabase;
      const built = await db.query(`SELECT events FROM ${db.table('bench_built')}`).catch(() => []);
      if (built.length === 0) await build(db);
      const table = caseIndexTable(db, 1);
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${table}`)) as [{ n: number }];
      // The busiest window of one hall (a copy in the middle of the table).
      const [busiest] = await db.query<{ hall_id: string; window_id: string; n: number }>(
        `SELECT hall_id, window_id, count(*)::bigint AS n FROM ${table} WHERE open = 1 AND window_id IS NOT NULL AND hall_id LIKE '%~97' GROUP BY hall_id, window_id ORDER BY count(*) DESC LIMIT 1`,
      );
      if (!busiest) throw new Error('no open case in the bench index');
      const queries = createCaseQueries(db);
      const times: number[] = [];
      for (let i = 0; i < 220; i++) {
        const t = process.hrtime.bigint();
        const page = await queries.workQueue({ hallId: busiest.hall_id, windowId: busiest.window_id }, { limit: 50 });
        if (page.rows.length === 0) throw new Error('empty work queue');
        if (i >= 20) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      const ms = (v: number) => Math.round(v * 1000) / 1000;
      return [
        { name: 'worklist.pg.p50Ms', value: ms(times[Math.floor(times.length / 2)] as number), unit: 'ms' },
        { name: 'worklist.pg.p99Ms', value: ms(times[Math.floor(times.length * 0.99)] as number), unit: 'ms' },
        { name: 'worklist.pg.rows', value: Number(n), unit: 'rows' },
        { name: 'worklist.pg.queueRows', value: Number(busiest.n), unit: 'rows' },
      ] satisfies Metric[];
    } finally {
      await store.close();
    }
  },
};

export default suite;
