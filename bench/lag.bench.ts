import { createPostgresEventStore, readModelDatabaseOf, type PostgresEventStore } from '@banjian/adapters';
import { createCommandHandlers, type SqlDatabase, type StoredEvent } from '@banjian/core';
import {
  caseIndexModel, createProjectionWorker, figureFactsReadModel, partitionTable, type PartitionedReadModel, type ProjectionWorker,
} from '@banjian/projections';
import { createHallWorkload, STEPS_PER_CASE } from './hall-workload';
import type { BenchSuite, Metric } from './types';

/**
 * `lag.pg.p99Ms`: commands arrive at 1,000 a second for 15 seconds (a new case each 6 ms, its six
 * commands — submit, accept, a step, decision, completion, evaluation — one after another, so
 * many cases are in flight at once) through the command engine and the real case decider into a
 * PostgreSQL store; two projection workers (`createProjectionWorker`, each on a pool of its own)
 * run both read models as `banjian project` does: the case index's 8 partitions shared 4 and 4,
 * the figure facts' one partition held by one of them. An event's lag is the time from its
 * append's acknowledgement to the first sample (every 5 ms, one query) in which the checkpoint of
 * every partition it folds into, of either model, has passed it: its rows and checkpoints are
 * committed and visible. The first 2 seconds (the workers taking their partitions) are not counted.
 * Also `lag.pg.p50Ms`, `lag.pg.maxMs` and `lag.pg.commandsPerS` (the rate the commands really
 * arrived at: below 1,000 the machine could not keep up the load, and the lag is of that rate).
 */
const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RATE = 1_000;
const SECONDS = 15;
const WARMUP_MS = 2_000;
const SAMPLE_MS = 5;

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const suite: BenchSuite = {
  metrics: ['lag.pg.p99Ms', 'lag.pg.p50Ms', 'lag.pg.maxMs', 'lag.pg.commandsPerS'],
  async run() {
    const schema = `bench_lag_${process.pid}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema, poolSize: 16 });
    const others: PostgresEventStore[] = [];
    const workers: { worker: ProjectionWorker; done: Promise<void> }[] = [];
    try {
      const hall = await createHallWorkload(store);
      const handlerOf = createCommandHandlers({ directory: hall.directory });
      const db = readModelDatabaseOf(store) as SqlDatabase;
      /** The read models `banjian project` runs (the case index in 8 partitions here, the figure facts in one). */
      const readModelsOf = (on: SqlDatabase) => [caseIndexModel(on), figureFactsReadModel(on)] as unknown as PartitionedReadModel[];
      const models = readModelsOf(db);
      for (const name of ['a', 'b']) {
        const own = await createPostgresEventStore({ connectionString: PG_URL, schema, poolSize: 4 });
        others.push(own);
        const ownDb = readModelDatabaseOf(own) as SqlDatabase;
        const worker = createProjectionWorker({ store: own, db: ownDb, models: readModelsOf(ownDb), worker: `bench-${name}`, leaseMs: 5_000, pollMs: 10 });
        workers.push({ worker, done: worker.run() });
      }
      // Both workers hold four case index partitions, and one of them the figure facts', before the commands start.
      const shared = () => workers.every((w) => w.worker.held()['caseIndex@1']?.length === 4)
        && workers.reduce((n, w) => n + (w.worker.held()['figureFacts@1']?.length ?? 0), 0) === 1;
      for (let waited = 0; !shared(); waited += 20) {
        if (waited > 60_000) throw new Error(`the workers did not share the partitions: ${JSON.stringify(workers.map((w) => w.worker.held()))}`);
        await sleep(20);
      }
      const table = partitionTable(db);
      /** Each model's partition checkpoints, by model (the index in `models`). */
      const checkpoints = models.map(() => new Map<number, number>());
      /** Acknowledged events not yet seen folded: position, the partitions of each model it folds into, acknowledged at. */
      const pending: { position: number; routes: { model: number; route: number | 'all' }[]; at: number }[] = [];
      const lags: number[] = [];
      const t0 = performance.now();
      let sampling = true;
      const sampler = (async () => {
        while (sampling || pending.length > 0) {
          const rows = await db.query<{ name: string; partition: number; position: number }>(
            `SELECT name, partition, position FROM ${table} WHERE (name, version) IN (${models.map((m) => `('${m.name}', ${m.version})`).join(', ')})`,
          );
          const now = performance.now();
          for (const r of rows) checkpoints[models.findIndex((m) => m.name === r.name)]?.set(Number(r.partition), Number(r.position));
          const lows = checkpoints.map((c) => (c.size > 0 ? Math.min(...c.values()) : 0));
          for (let i = pending.length - 1; i >= 0; i--) {
            const e = pending[i]!;
            if (e.routes.every(({ model, route }) => (route === 'all' ? lows[model]! : (checkpoints[model]!.get(route) ?? 0)) >= e.position)) {
              if (e.at - t0 >= WARMUP_MS) lags.push(now - e.at);
              pending.splice(i, 1);
            }
          }
          if (!sampling && now - t0 > (SECONDS + 30) * 1000) break;
          await sleep(SAMPLE_MS);
        }
      })();

      const acknowledged = (events: readonly StoredEvent[]) => {
        const at = performance.now();
        for (const event of events) {
          const routes = models.flatMap((model, m) => {
            const route = model.route(event, model.partitions);
            return route === undefined ? [] : [{ model: m, route }];
          });
          if (routes.length > 0) pending.push({ position: event.globalPosition, routes, at });
        }
      };
      const lifeOf = async (caseId: string) => {
        for (let step = 0; step < STEPS_PER_CASE; step++) {
          const command = hall.command(caseId, step);
          const result = await hall.engine.handle(handlerOf(command), command);
          if (result._tag === 'Left') throw new Error(`bench command refused: ${JSON.stringify(result.left)}`);
          acknowledged(result.right.events);
        }
      };
      const cases = (RATE * SECONDS) / STEPS_PER_CASE;
      const gapMs = (1000 * STEPS_PER_CASE) / RATE;
      const lives: Promise<void>[] = [];
      const start = performance.now();
      for (let c = 0; c < cases; c++) {
        const due = start + c * gapMs;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        lives.push(lifeOf(`lag-${c}`));
      }
      await Promise.all(lives);
      const arrivedPerS = (cases * STEPS_PER_CASE) / ((performance.now() - start) / 1000);
      sampling = false;
      await sampler;
      lags.sort((a, b) => a - b);
      const round = (ms: number) => Math.round(ms * 10) / 10;
      const metrics: Metric[] = [
        { name: 'lag.pg.p99Ms', value: round(quantile(lags, 0.99)), unit: 'ms' },
        { name: 'lag.pg.p50Ms', value: round(quantile(lags, 0.5)), unit: 'ms' },
        { name: 'lag.pg.maxMs', value: round(lags[lags.length - 1] ?? 0), unit: 'ms' },
        { name: 'lag.pg.commandsPerS', value: Math.round(arrivedPerS), unit: 'commands/s' },
      ];
      return metrics;
    } finally {
      for (const w of workers) w.worker.stop();
      await Promise.all(workers.map((w) => w.done.catch(() => undefined)));
      for (const s of others) await s.close();
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    }
  },
};

export default suite;
