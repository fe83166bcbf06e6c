import { createPostgresEventStore, type PostgresEventStore } from '@banjian/adapters';
import type { EventToAppend, StoredEvent } from '@banjian/core';
import { createHallWorkload, STEPS_PER_CASE, type HallWorkload } from './hall-workload';
import type { BenchSuite, Metric } from './types';

/**
 * PostgreSQL appends with 8 concurrent writers (8 pool connections, one process), against the
 * server at BANJIAN_PG_URL (default postgres://postgres@127.0.0.1:5432/test), in a schema of its own:
 * - `append.postgres.c8.commandsPerS`: whole commands through the command engine and the real case
 *   decider (bench/hall-workload.ts) — load the case stream, decide, durable append — each case
 *   living through submit, accept, a step, the decision, completion and the evaluation;
 * - `append.postgres.c8.cpuMicrosPerCommand`: CPU time (user + system) of this process a command
 *   costs in those runs — the client's share, insensitive to the machine's load;
 * - `append.postgres.c8.appendsPerS`: the events of such commands appended directly with their
 *   expected versions (no engine, no stream read): the store's own round trip;
 * - `append.postgres.baseline.insertTxPerS`: plain one-row INSERT transactions from 8 connections
 *   of the same process at the same time — what the server and machine give right now, to read
 *   the other figures against (they drift with the load; the ratios hold better).
 */
const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITERS = 8;
const CASES_PER_WRITER = 125;
const COMMANDS_PER_WRITER = CASES_PER_WRITER * STEPS_PER_CASE;
const ROUNDS = 3;

interface Run {
  perS: number;
  cpuMicros: number;
}

const timed = async (run: (writer: number) => Promise<void>): Promise<Run> => {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => run(w)));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const count = WRITERS * COMMANDS_PER_WRITER;
  return { perS: count / seconds, cpuMicros: (used.user + used.system) / count };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Each writer drives its own cases, one after another, each through its six commands. */
const commands = (hall: HallWorkload, round: number) =>
  timed(async (w) => {
    for (let c = 0; c < CASES_PER_WRITER; c++) {
      for (let step = 0; step < STEPS_PER_CASE; step++) await hall.run(hall.command(`r${round}-w${w}-${c}`, step));
    }
  });

/** A stored event as something to append again: its type, data and metadata (the store assigns the rest). */
const toAppend = ({ type, data, occurredAt, actor, commandId, correlationId, causationId }: StoredEvent): EventToAppend =>
  ({ type, data, occurredAt, actor, commandId, correlationId, causationId }) as EventToAppend;

/** The events of one writer's cases in round 0 (the warm-up), appended again under new stream ids. */
const appends = (store: PostgresEventStore, recorded: readonly (readonly EventToAppend[])[][], round: number) =>
  timed(async (w) => {
    const cases = recorded[w] ?? [];
    for (let c = 0; c < cases.length; c++) {
      const events = cases[c] ?? [];
      for (let i = 0; i < events.length; i++) {
        await store.appendToStream(`a${round}-w${w}-${c}`, [events[i] as EventToAppend], { expectedVersion: i === 0 ? 'noStream' : i - 1 });
      }
    }
  });

const plainInserts = async (store: PostgresEventStore, round: number) => {
  const table = `${store.schema}.baseline_${round}`;
  await store.pool.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, v integer NOT NULL)`);
  return timed(async () => {
    for (let n = 0; n < COMMANDS_PER_WRITER; n++) await store.pool.query({ name: `baseline_${round}`, text: `INSERT INTO ${table} (v) VALUES ($1)`, values: [n] });
  });
};

const suite: BenchSuite = {
  metrics: ['append.postgres.c8.commandsPerS', 'append.postgres.c8.cpuMicrosPerCommand', 'append.postgres.c8.appendsPerS', 'append.postgres.baseline.insertTxPerS'],
  async run(selected) {
    const schema = `bench_append_${process.pid}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema, poolSize: WRITERS + 2 });
    const metrics: Metric[] = [];
    let round = 0;
    try {
      const hall = await createHallWorkload(store, { cacheSize: 10_000 });
      const measure = async (once: (r: number) => Promise<Run>, rate: [string, string], cpu?: string) => {
        if (!selected.has(rate[0]) && !(cpu && selected.has(cpu))) return;
        await once(round++); // warm-up: connections, prepared statements, caches
        const runs: Run[] = [];
        for (let i = 0; i < ROUNDS; i++) runs.push(await once(round++));
        if (selected.has(rate[0])) metrics.push({ name: rate[0], value: Math.round(median(runs.map((r) => r.perS))), unit: rate[1] });
        if (cpu && selected.has(cpu)) metrics.push({ name: cpu, value: Math.round(median(runs.map((r) => r.cpuMicros))), unit: 'µs' });
      };
      await measure((r) => commands(hall, r), ['append.postgres.c8.commandsPerS', 'commands/s'], 'append.postgres.c8.cpuMicrosPerCommand');
      if (selected.has('append.postgres.c8.appendsPerS')) {
        // The events to append: one round of commands, read back per case.
        const source = round++;
        await commands(hall, source);
        const recorded = await Promise.all(
          Array.from({ length: WRITERS }, (_, w) =>
            Promise.all(Array.from({ length: CASES_PER_WRITER }, async (_, c) => (await store.readStream(`case-r${source}-w${w}-${c}`)).map(toAppend))),
          ),
        );
        if (recorded.some((cases) => cases.some((events) => events.length !== STEPS_PER_CASE))) throw new Error('bench: a case stream is not one event a command');
        await measure((r) => appends(store, recorded, r), ['append.postgres.c8.appendsPerS', 'appends/s']);
      }
      await measure((r) => plainInserts(store, r), ['append.postgres.baseline.insertTxPerS', 'tx/s']);
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      // Flush the server's dirty pages now: its background writes would otherwise share the disk
      // with the benches that run next (the SQLite fsync benches read ~25% low right after this one).
      await store.pool.query('CHECKPOINT');
      await store.close();
    }
    return metrics;
  },
};

export default suite;
