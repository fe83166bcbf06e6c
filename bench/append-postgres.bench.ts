import { createPostgresEventStore, type PostgresEventStore } from '@banjian/adapters';
import type { Command, Decider } from '@banjian/core';
import { createCommandEngine, type CommandHandler } from '@banjian/core';
import type { DomainEvent, EventToAppend } from '@banjian/core';
import type { Actor } from '@banjian/core';
import type { BenchSuite, Metric } from './types';

/**
 * PostgreSQL appends with 8 concurrent writers (8 pool connections, one process), against the
 * server at BANJIAN_PG_URL (default postgres://postgres@127.0.0.1:5432/test), in a schema of its own:
 * - `append.postgres.c8.commandsPerS`: whole commands through the command engine — load the case
 *   stream, decide, durable append — each case living through submit, accept, two steps, complete;
 * - `append.postgres.c8.cpuMicrosPerCommand`: CPU time (user + system) of this process a command
 *   costs in those runs — the client's share, insensitive to the machine's load;
 * - `append.postgres.c8.appendsPerS`: the same events appended directly with their expected
 *   versions (no engine, no stream read): the store's own round trip;
 * - `append.postgres.baseline.insertTxPerS`: plain one-row INSERT transactions from 8 connections
 *   of the same process at the same time — what the server and machine give right now, to read
 *   the other figures against (they drift with the load; the ratios hold better).
 */
const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITERS = 8;
const COMMANDS_PER_WRITER = 750;
const ROUNDS = 3;

const staff: Actor = { kind: 'staff', id: 'staff-1', windowId: 'window-1', departmentId: 'dept-1' };
const at = (seconds: number) => new Date(Date.UTC(2025, 2, 4, 1) + seconds * 1000).toISOString();

type Step = 'submit' | 'accept' | 'review' | 'approve' | 'complete';
const STEPS: readonly Step[] = ['submit', 'accept', 'review', 'approve', 'complete'];
type BenchCommand = Command<Step, { caseId: string }>;
type BenchEvent = DomainEvent<'ApplicationSubmitted'> | DomainEvent<'CaseAccepted'> | DomainEvent<'StepCompleted'> | DomainEvent<'CaseCompleted'>;
interface BenchState {
  status: 'none' | 'submitted' | 'accepted' | 'reviewed' | 'approved' | 'completed';
  steps: number;
}

const caseEvent = (step: Step, caseId: string): BenchEvent => {
  switch (step) {
    case 'submit':
      return {
        type: 'ApplicationSubmitted',
        data: { caseId, caseNo: `NO-${caseId}`, hallId: 'hall-1', itemCode: 'ITEM-001', channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['身份证', '申请表'] },
      };
    case 'accept':
      return {
        type: 'CaseAccepted',
        data: {
          caseId, hallId: 'hall-1', windowId: 'window-1', departmentId: 'dept-1', staffId: 'staff-1', kind: 'promised',
          limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
          calendarVersion: 'cn@2025', promisedDueAt: '2025-03-11T17:30:00+08:00', statutoryDueAt: '2025-04-01T17:30:00+08:00', provisional: false,
        },
      };
    case 'review':
    case 'approve':
      return { type: 'StepCompleted', data: { caseId, step: step === 'review' ? '审查' : '审批', action: 'pass', opinion: '材料齐全，符合法定形式' } };
    case 'complete':
      return { type: 'CaseCompleted', data: { caseId, result: 'issued', licence: { name: '营业执照', number: `L-${caseId}` } } };
  }
};

/** Each step is legal only after the one before it: a small case machine over real event types. */
const before: Record<Step, BenchState['status']> = { submit: 'none', accept: 'submitted', review: 'accepted', approve: 'reviewed', complete: 'approved' };
const after: Record<Step, BenchState['status']> = { submit: 'submitted', accept: 'accepted', review: 'reviewed', approve: 'approved', complete: 'completed' };
const stepOf = (event: BenchEvent, state: BenchState): Step =>
  event.type === 'ApplicationSubmitted' ? 'submit' : event.type === 'CaseAccepted' ? 'accept' : event.type === 'CaseCompleted' ? 'complete' : state.steps === 0 ? 'review' : 'approve';

const decider: Decider<BenchCommand, BenchEvent, BenchState, { kind: 'illegal'; message: string }> = {
  initialState: () => ({ status: 'none', steps: 0 }),
  decide: (command, state) =>
    state.status === before[command.type]
      ? { _tag: 'Right', right: [caseEvent(command.type, command.data.caseId)] }
      : { _tag: 'Left', left: { kind: 'illegal', message: `case ${command.data.caseId} is ${state.status}: cannot ${command.type}` } },
  evolve: (state, event) => {
    const step = stepOf(event, state);
    return { status: after[step], steps: state.steps + (event.type === 'StepCompleted' ? 1 : 0) };
  },
};
const handler: CommandHandler<BenchCommand, BenchEvent, BenchState, { kind: 'illegal'; message: string }> = {
  decider,
  streamId: (command) => `case-${command.data.caseId}`,
};

/** Command n of a writer: case ⌊n/5⌋ of that writer, its (n mod 5)-th step. */
const commandFor = (round: number, writer: number, n: number): BenchCommand => {
  const caseId = `r${round}-w${writer}-${Math.floor(n / STEPS.length)}`;
  return { type: STEPS[n % STEPS.length] as Step, data: { caseId }, metadata: { commandId: `${caseId}-${n}`, actor: staff, at: at(n) } };
};

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

const commands = async (store: PostgresEventStore, round: number) => {
  const engine = createCommandEngine({ store, cacheSize: 10_000 });
  return timed(async (w) => {
    for (let n = 0; n < COMMANDS_PER_WRITER; n++) {
      const result = await engine.handle(handler, commandFor(round, w, n));
      if (result._tag === 'Left') throw new Error(`bench command failed: ${JSON.stringify(result.left)}`);
    }
  });
};

const appends = (store: PostgresEventStore, round: number) =>
  timed(async (w) => {
    for (let n = 0; n < COMMANDS_PER_WRITER; n++) {
      const { type, data, metadata } = commandFor(round, w, n);
      const event = { ...caseEvent(type, data.caseId), occurredAt: metadata.at, actor: staff, commandId: metadata.commandId } as EventToAppend;
      const position = n % STEPS.length;
      await store.appendToStream(handler.streamId(commandFor(round, w, n)), [event], { expectedVersion: position === 0 ? 'noStream' : position - 1 });
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
      const measure = async (once: (s: PostgresEventStore, r: number) => Promise<Run>, rate: [string, string], cpu?: string) => {
        if (!selected.has(rate[0]) && !(cpu && selected.has(cpu))) return;
        await once(store, round++); // warm-up: connections, prepared statements, caches
        const runs: Run[] = [];
        for (let i = 0; i < ROUNDS; i++) runs.push(await once(store, round++));
        if (selected.has(rate[0])) metrics.push({ name: rate[0], value: Math.round(median(runs.map((r) => r.perS))), unit: rate[1] });
        if (cpu && selected.has(cpu)) metrics.push({ name: cpu, value: Math.round(median(runs.map((r) => r.cpuMicros))), unit: 'µs' });
      };
      await measure(commands, ['append.postgres.c8.commandsPerS', 'commands/s'], 'append.postgres.c8.cpuMicrosPerCommand');
      await measure(appends, ['append.postgres.c8.appendsPerS', 'appends/s']);
      await measure(plainInserts, ['append.postgres.baseline.insertTxPerS', 'tx/s']);
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    }
    return metrics;
  },
};

export default suite;
