import { caseIndexTable, createCaseQueries } from '@banjian/projections';
import { openCityLog } from './city-log';
import type { BenchSuite, Metric } from './types';

/**
 * `worklist.pg.p50Ms`: the median of 200 first pages (50 rows, after 20 unmeasured) of a window's
 * work queue 待办 through `createCaseQueries` (the active version's checkpoint, then the page: two
 * queries) on the case index of a real log of more than 5 million events. Target ≤ 5 ms.
 *
 * The log and the case index are bench/city-log.ts's (schema `bench_log_5m_v1`, shared with
 * report.pg): county trees simulated through the real engine, exported as NDJSON, bulk-imported
 * by `importEventLog`, the case index built over the log by its own catch-up (`createCaseIndex`).
 * The first run builds it; later runs reuse it while it is complete; drop the schema to build it
 * again. The window asked for is the city's busiest: the most open cases at the log's end, the
 * year's close (cases close in days, so a window's queue is tens of cases: 25 at most, 3,913 open
 * of 864,000 rows). Also `worklist.pg.events` (events in the log), `worklist.pg.rows` (rows in
 * the index), `worklist.pg.queueRows` (open cases in that window) and
 * `worklist.pg.catchUpEventsPerS` (the case index's catch-up over the whole log when it was built).
 */
const suite: BenchSuite = {
  metrics: ['worklist.pg.p50Ms', 'worklist.pg.p99Ms', 'worklist.pg.rows', 'worklist.pg.events', 'worklist.pg.queueRows', 'worklist.pg.catchUpEventsPerS'],
  async run() {
    const { store, db, log } = await openCityLog();
    try {
      const table = caseIndexTable(db, 1);
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${table}`)) as [{ n: number }];
      const [busiest] = await db.query<{ hall_id: string; window_id: string; n: number }>(
        `SELECT hall_id, window_id, count(*)::bigint AS n FROM ${table} WHERE open = 1 AND window_id IS NOT NULL GROUP BY hall_id, window_id ORDER BY count(*) DESC, hall_id, window_id LIMIT 1`,
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
        { name: 'worklist.pg.events', value: log.events, unit: 'events' },
        { name: 'worklist.pg.queueRows', value: Number(busiest.n), unit: 'rows' },
        { name: 'worklist.pg.catchUpEventsPerS', value: Math.round(log.events / (log.seconds.caseIndex as number)), unit: 'events/s' },
      ] satisfies Metric[];
    } finally {
      await store.close();
    }
  },
};

export default suite;
