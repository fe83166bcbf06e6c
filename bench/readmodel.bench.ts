import { randomBytes } from 'node:crypto';
import { createPostgresEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { exportEventLog, importEventLog, type SqlDatabase } from '@banjian/core';
import { createCaseIndex, createCaseQueries, createPartitionRunner, figureFactsReadModel } from '@banjian/projections';
import { buildCountyHall } from '@banjian/projections/golden';
import type { BenchSuite, Metric } from './types';

const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `readmodel.pg.catchUpEventsPerS`: the case index 办件库 built from nothing over the golden county
 * hall's year (11,871 applications, ~70,000 events, imported into a PostgreSQL store of its own
 * schema): events read from the store, folded by the projections' case facts, rows and checkpoint
 * written in one transaction a batch of 20,000 events (the default), divided by the wall time of the catch-up;
 * one process holds all 8 partitions (one read of the log). `readmodel.pg.catchUpCpuEventsPerS`: the
 * same events over this process's CPU time (user + system; the server's is not in it), steadier
 * than the wall rate on a shared machine.
 * `readmodel.pg.figureFacts.eventsPerS` (and `.cpuEventsPerS`): the figure facts 统计事实 built from
 * nothing over the same log by `figureFactsReadModel` under the partition runner (one partition),
 * wall and this process's CPU; the from-nothing catch-up includes building the covering indexes
 * reports read, which a version gets once it has reached the log's head.
 * `readmodel.pg.bothEventsPerS`: the log's events over the wall time of both catch-ups, as one
 * `banjian project` worker runs them (one model after the other, each reading the log).
 * `worklist.pg.p50Ms` (here on this log, not the issue's 5-million-event one): the median of
 * 200 first pages (50 rows) of a window's work queue 待办 through `createCaseQueries`.
 */
const suite: BenchSuite = {
  metrics: [
    'readmodel.pg.catchUpEventsPerS', 'readmodel.pg.events', 'readmodel.pg.catchUpCpuEventsPerS', 'worklist.pg.county.p50Ms',
    'readmodel.pg.figureFacts.eventsPerS', 'readmodel.pg.figureFacts.cpuEventsPerS', 'readmodel.pg.bothEventsPerS',
  ],
  async run() {
    const source = await buildCountyHall();
    const lines: string[] = [];
    for await (const line of exportEventLog(source)) lines.push(line);
    const schema = `bj_bench_readmodel_${randomBytes(4).toString('hex')}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    try {
      const imported = await importEventLog(store, lines);
      if (imported._tag === 'Left') throw new Error(`import failed: ${JSON.stringify(imported.left)}`);
      const db = readModelDatabaseOf(store) as SqlDatabase;
      const index = createCaseIndex({ store, db });
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const events = await index.catchUp();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpu);

      const facts = createPartitionRunner({ store, db, model: figureFactsReadModel(db) });
      await facts.add([0]);
      const factsCpu = process.cpuUsage();
      const factsStart = process.hrtime.bigint();
      let factsEvents = 0;
      // One catch-up stops after a few batches (a worker looks after its leases between them).
      for (let n = await facts.catchUp(); n > 0; n = await facts.catchUp()) factsEvents += n;
      const factsSeconds = Number(process.hrtime.bigint() - factsStart) / 1e9;
      const factsUsed = process.cpuUsage(factsCpu);

      const queries = createCaseQueries(db);
      const [busiest] = await db.query<{ hall_id: string; window_id: string }>(
        `SELECT hall_id, window_id FROM ${db.table('case_index_v1')} WHERE open = 1 AND window_id IS NOT NULL GROUP BY hall_id, window_id ORDER BY count(*) DESC LIMIT 1`,
      );
      const times: number[] = [];
      if (busiest) {
        for (let i = 0; i < 220; i++) {
          const t = process.hrtime.bigint();
          await queries.workQueue({ hallId: busiest.hall_id, windowId: busiest.window_id }, { limit: 50 });
          if (i >= 20) times.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
      times.sort((a, b) => a - b);
      const metrics: Metric[] = [
        { name: 'readmodel.pg.catchUpEventsPerS', value: Math.round(events / seconds), unit: 'events/s' },
        { name: 'readmodel.pg.events', value: events, unit: 'events' },
        { name: 'readmodel.pg.catchUpCpuEventsPerS', value: Math.round(events / ((used.user + used.system) / 1e6)), unit: 'events/s of this process\'s CPU' },
      ];
      metrics.push(
        { name: 'readmodel.pg.figureFacts.eventsPerS', value: Math.round(factsEvents / factsSeconds), unit: 'events/s' },
        { name: 'readmodel.pg.figureFacts.cpuEventsPerS', value: Math.round(factsEvents / ((factsUsed.user + factsUsed.system) / 1e6)), unit: 'events/s of this process\'s CPU' },
        { name: 'readmodel.pg.bothEventsPerS', value: Math.round(events / (seconds + factsSeconds)), unit: 'events/s (case index and figure facts, one after the other)' },
      );
      if (times.length > 0) metrics.push({ name: 'worklist.pg.county.p50Ms', value: Math.round((times[Math.floor(times.length / 2)] as number) * 1000) / 1000, unit: 'ms' });
      return metrics;
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    }
  },
};

export default suite;
