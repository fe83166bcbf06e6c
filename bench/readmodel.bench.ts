import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { exportEventLog, importEventLog, type SqlDatabase } from '@banjian/core';
import {
  caseIndexModel, checkpointTable, createCaseIndex, createCaseQueries, createPartitionRunner, figureFactsReadModel, leaseHolders, partitionTable,
} from '@banjian/projections';
import { buildCountyHall } from '@banjian/projections/golden';
import type { BenchSuite, Metric } from './types';

const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WORKER_SCRIPT = fileURLToPath(new URL('./readmodel-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER_PROCESS_METRICS = ['readmodel.pg.twoWorkers.eventsPerS', 'readmodel.pg.twoWorkers.seconds', 'readmodel.pg.oneWorker.eventsPerS'];

interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  /** Its log lines (`holds caseIndex@1 partitions …`). */
  readonly log: string[];
  /** Settles once it has opened the store and waits for `go`; fails if it ends first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

/** A `bench/readmodel-worker.ts` process for the store of `schema`, waiting for `go`. */
const startWorkerProcess = (schema: string, name: string): WorkerProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT, PG_URL, schema, name], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const log: string[] = [];
  // A pipe to a process already gone fails (EPIPE): its end is seen by `exited`.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const ready = new Promise<void>((resolve, reject) => {
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        if (line === 'ready') resolve();
      }
    });
    void exited.then(() => reject(new Error(`worker ${name} ended before it was ready (exit ${child.exitCode ?? child.signalCode})`)));
  });
  ready.catch(() => undefined);
  return { name, child, log, ready, exited };
};

const running = (w: WorkerProcess) => w.child.exitCode === null && w.child.signalCode === null;

/** Stops the worker processes (SIGTERM: they give their leases up), SIGKILL for any still there after 5 s; resolves once all have exited. */
const stopWorkerProcesses = async (workers: readonly WorkerProcess[]): Promise<void> => {
  for (const w of workers) {
    if (running(w)) w.child.kill('SIGTERM');
    w.child.stdin.end();
  }
  const kill = setTimeout(() => {
    for (const w of workers) if (running(w)) w.child.kill('SIGKILL');
  }, 5_000);
  await Promise.all(workers.map((w) => w.exited));
  clearTimeout(kill);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or an error after `ms`. */
const within = async <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Both read models built from nothing over the log `lines` (imported into a store of its own
 * schema) by worker processes of these names started together: the seconds from `go` until every
 * partition of both is at the log's head and both versions are the ones readers use; who ended up holding what.
 */
const workerProcessesCatchUp = async (lines: readonly string[], names: readonly string[]): Promise<{ events: number; seconds: number; held: string }> => {
  const schema = `bj_bench_readmodel_${randomBytes(4).toString('hex')}`;
  const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
  const workers: WorkerProcess[] = [];
  try {
    const imported = await importEventLog(store, lines);
    if (imported._tag === 'Left') throw new Error(`import failed: ${JSON.stringify(imported.left)}`);
    const db = readModelDatabaseOf(store) as SqlDatabase;
    const [log] = await db.query<{ head: number; events: number }>(`SELECT max(global_position) AS head, count(*) AS events FROM ${db.table('events')}`);
    const head = Number(log?.head ?? 0);
    const models = [caseIndexModel(db), figureFactsReadModel(db)];
    const atHead = async (): Promise<boolean> => {
      const rows = await db.query<{ name: string; version: number; active: number; low: number }>(
        `SELECT c.name, c.version, c.active, min(p.position) AS low FROM ${checkpointTable(db)} c JOIN ${partitionTable(db)} p USING (name, version) GROUP BY c.name, c.version, c.active`,
      ).catch(() => []);
      return models.every((m) => rows.some((r) => r.name === m.name && Number(r.version) === m.version && Number(r.active) === 1 && Number(r.low) >= head));
    };
    for (const name of names) workers.push(startWorkerProcess(schema, name));
    await within(Promise.all(workers.map((w) => w.ready)), 60_000, 'the worker processes starting');
    const start = process.hrtime.bigint();
    for (const w of workers) w.child.stdin.write('go\n');
    for (const deadline = Date.now() + 180_000; !(await atHead()); await sleep(10)) {
      if (Date.now() > deadline) throw new Error(`workers ${names.join(', ')} did not bring both read models to the head within 180 s`);
      const gone = workers.find((w) => !running(w));
      if (gone) throw new Error(`worker ${gone.name} ended (exit ${gone.child.exitCode ?? gone.child.signalCode}): ${gone.log.slice(-5).join(' | ')}`);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const leases = (await leaseHolders(db)).filter((l) => l.name.includes('#'));
    const held = workers.map((w) => {
      const own = leases.filter((l) => l.holder === w.name).map((l) => l.name);
      const gaveUp = w.log.filter((line) => line.includes(' gave up ')).length;
      return `${w.name}: ${own.join(' ') || 'none'}${gaveUp > 0 ? ` (gave up partitions ${gaveUp} times)` : ''}`;
    }).join('; ');
    return { events: Number(log?.events ?? 0), seconds, held };
  } finally {
    await stopWorkerProcesses(workers);
    await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
  }
};

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
 * `readmodel.pg.twoWorkers.eventsPerS`: both models built from nothing over the same log (imported
 * again into a schema of its own) by two worker processes (`bench/readmodel-worker.ts`, each
 * running both models as `banjian project` does, as two machines of a city would; here on one
 * machine with the server), the partitions shared by lease: the log's events over the wall time
 * from both being told to go (started and connected before) until every partition of both models
 * is at the head and both versions are active; `.seconds` that time, its unit naming who held what.
 * `readmodel.pg.oneWorker.eventsPerS`: the same with one such process (a cold process, like the two:
 * what the second worker adds). Measured only when selected (or everything is).
 * `worklist.pg.p50Ms` (here on this log, not the issue's 5-million-event one): the median of
 * 200 first pages (50 rows) of a window's work queue 待办 through `createCaseQueries`.
 */
const suite: BenchSuite = {
  metrics: [
    'readmodel.pg.catchUpEventsPerS', 'readmodel.pg.events', 'readmodel.pg.catchUpCpuEventsPerS', 'worklist.pg.county.p50Ms',
    'readmodel.pg.figureFacts.eventsPerS', 'readmodel.pg.figureFacts.cpuEventsPerS', 'readmodel.pg.bothEventsPerS', ...WORKER_PROCESS_METRICS,
  ],
  async run(selected) {
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
      if (selected.size === 0 || WORKER_PROCESS_METRICS.some((name) => selected.has(name))) {
        const one = await workerProcessesCatchUp(lines, ['a']);
        const two = await workerProcessesCatchUp(lines, ['a', 'b']);
        metrics.push(
          { name: 'readmodel.pg.oneWorker.eventsPerS', value: Math.round(one.events / one.seconds), unit: 'events/s (case index and figure facts, one worker process)' },
          { name: 'readmodel.pg.twoWorkers.eventsPerS', value: Math.round(two.events / two.seconds), unit: 'events/s (case index and figure facts, two worker processes)' },
          { name: 'readmodel.pg.twoWorkers.seconds', value: Math.round(two.seconds * 1000) / 1000, unit: `s (${two.held})` },
        );
      }
      return metrics;
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    }
  },
};

export default suite;
