import { buildReport, createFigureQueries, figureFactsTable, type Report } from '@banjian/projections';
import { CITY_LOG_PERIOD, CITY_LOG_SCHEMA, openCityLog, simulateTreeInMemory, treeRootHallId } from './city-log';
import type { BenchSuite, Metric } from './types';

/**
 * `report.pg.p50Ms`: the median of 50 reports (after 5 unmeasured) of a year of one hall subtree
 * — a county hall and its three townships, every figure of spec §5 with its numerator and
 * denominator — summed in PostgreSQL from the figure facts read model (`createFigureQueries(db).report`)
 * on a real log of more than 5 million events. Target ≤ 100 ms.
 *
 * The log (bench/city-log.ts): about seventy county trees, each with its own hall ids and seed,
 * simulated through the real engine and deciders, written as one NDJSON interchange file,
 * bulk-imported into a PostgreSQL store (schema `bench_log_5m_v1`) by `importEventLog`, and the
 * figure facts (and the case index) built over it by the read models' own catch-up. The first run
 * builds it (25 minutes on 2 cores); later runs reuse it while it is complete. Drop it with
 * `DROP SCHEMA bench_log_5m_v1 CASCADE` to build it again.
 *
 * Also `report.pg.events` (events in the log), `report.pg.rows` (figure facts rows),
 * `report.pg.buildSeconds` (the whole build that made the schema, with `report.pg.importEventsPerS`
 * and `report.pg.factsCatchUpEventsPerS` of its import and figure facts catch-up) and
 * `report.pg.rebuildMs`: the same report rebuilt in memory from the tree's own log, simulated
 * alone again (what every report cost before); its every value, numerator and denominator must
 * equal the read model's, or the bench fails.
 */
const TREE = 36;

const figuresOf = (report: Pick<Report, 'figures'>) =>
  Object.entries(report.figures).map(([name, f]) => `${name}=${f.value}:${f.numerator}/${f.denominator}`).sort();

const suite: BenchSuite = {
  metrics: [
    'report.pg.p50Ms', 'report.pg.p99Ms', 'report.pg.rows', 'report.pg.events', 'report.pg.buildSeconds', 'report.pg.importEventsPerS',
    'report.pg.factsCatchUpEventsPerS', 'report.pg.rebuildMs',
  ],
  async run() {
    const { store, db, log } = await openCityLog();
    try {
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${figureFactsTable(db, 1)}`)) as [{ n: number }];
      const queries = createFigureQueries(db);
      if (!(await queries.active())) throw new Error(`no active figure facts in ${CITY_LOG_SCHEMA}`);
      const options = { ...CITY_LOG_PERIOD, hall: treeRootHallId(TREE) };
      const times: number[] = [];
      let report: Awaited<ReturnType<typeof queries.report>> | undefined;
      for (let i = 0; i < 55; i++) {
        const t = process.hrtime.bigint();
        report = await queries.report(options);
        if (report.figures.applications?.value === 0) throw new Error('an empty report');
        if (i >= 5) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);

      const { store: tree } = await simulateTreeInMemory(TREE);
      const t = process.hrtime.bigint();
      const rebuilt = await buildReport(tree, options);
      const rebuildMs = Number(process.hrtime.bigint() - t) / 1e6;
      const [read, whole] = [figuresOf(report as Report), figuresOf(rebuilt)];
      const differs = read.find((f, i) => f !== whole[i]) ?? (read.length === whole.length ? undefined : `${read.length} figures against ${whole.length}`);
      if (differs) throw new Error(`the read model's report differs from the rebuild of the tree's own log: ${differs} (rebuild: ${whole.find((f) => f.split('=')[0] === differs.split('=')[0])})`);

      const ms = (v: number) => Math.round(v * 1000) / 1000;
      const seconds = log.seconds;
      const total = Object.values(seconds).reduce((a, b) => a + b, 0);
      return [
        { name: 'report.pg.p50Ms', value: ms(times[Math.floor(times.length / 2)] as number), unit: 'ms' },
        { name: 'report.pg.p99Ms', value: ms(times[Math.floor(times.length * 0.99)] as number), unit: 'ms' },
        { name: 'report.pg.rows', value: Number(n), unit: 'rows' },
        { name: 'report.pg.events', value: log.events, unit: 'events' },
        { name: 'report.pg.buildSeconds', value: Math.round(total), unit: 's' },
        { name: 'report.pg.importEventsPerS', value: Math.round(log.events / (seconds.import as number)), unit: 'events/s' },
        { name: 'report.pg.factsCatchUpEventsPerS', value: Math.round(log.events / (seconds.figureFacts as number)), unit: 'events/s' },
        { name: 'report.pg.rebuildMs', value: Math.round(rebuildMs), unit: 'ms' },
      ] satisfies Metric[];
    } finally {
      await store.close();
    }
  },
};

export default suite;
