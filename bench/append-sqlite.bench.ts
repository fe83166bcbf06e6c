import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, openRawSqlite, type SqliteEventStoreOptions } from '@banjian/adapters';
import { createHallWorkload, STEPS_PER_CASE } from './hall-workload';
import type { BenchSuite, Metric } from './types';

/**
 * The embedded store on a temporary file (WAL):
 * - `append.sqlite.commandsPerS`: whole commands through the command engine and the real case
 *   decider (bench/hall-workload.ts) with synchronous=FULL — load the case stream (cached snapshot),
 *   decide, one durable append each, one client waiting for each command's fsync — over 1,000 cases
 *   in turn, each living through submit, accept, a step, the decision, completion and the
 *   applicant's evaluation (6,000 commands). Two such rounds on other cases (12,000 commands) run
 *   first and are not counted: the JIT takes thousands of commands to settle (a first round costs
 *   about twice the CPU of the third), and a long-running hall process runs settled code;
 * - `append.sqlite.cpuMicrosPerCommand`: CPU time (user + system) a command costs in that run — what
 *   the process spends beside waiting for the fsync, and far less sensitive to a busy machine;
 * - `append.sqlite.normal.commandsPerS`: the same with synchronous=NORMAL (process-crash durable);
 * - `append.sqlite.baseline.txPerS`: bare one-row insert transactions (WAL, synchronous=FULL) on the
 *   same disk — the fsync ceiling the command rate is bounded by (performance.md: ~5,200/s there).
 * (`verify.sqlite.eventsPerS` is measured with the read-path benches, bench/verify.bench.ts.)
 */
/** Cases a round; at most the engine's default cache (1,000 streams), so no command reads its stream. */
const CASES = 1000;
const WARM_UP_ROUNDS = 2;

const withTempFile = async <T>(run: (path: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-bench-'));
  try {
    return await run(join(dir, 'bench.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Commands a second (wall clock) and CPU microseconds a command (user + system: load-insensitive). */
const commandsPerS = (synchronous: SqliteEventStoreOptions['synchronous']): Promise<{ perS: number; cpuMicros: number }> =>
  withTempFile(async (path) => {
    const store = createSqliteEventStore({ path, synchronous });
    const hall = await createHallWorkload(store);
    // Warm-up rounds (statements, JIT), then the measured round, each on new cases.
    for (let round = 0; ; round++) {
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      for (let step = 0; step < STEPS_PER_CASE; step++) {
        for (let c = 0; c < CASES; c++) await hall.run(hall.command(`r${round}-${c}`, step));
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      if (round === WARM_UP_ROUNDS) {
        await store.close();
        const count = CASES * STEPS_PER_CASE;
        return { perS: Math.round(count / seconds), cpuMicros: Math.round((used.user + used.system) / count) };
      }
    }
  });

const baselineTxPerS = () =>
  withTempFile(async (path) => {
    const db = openRawSqlite(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const one = db.transaction((body: string) => insert.run(body));
    const body = 'x'.repeat(500);
    for (let i = 0; i < 200; i++) one.immediate(body);
    const n = 2000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) one.immediate(body);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    db.close();
    return Math.round(n / seconds);
  });

const suite: BenchSuite = {
  metrics: ['append.sqlite.commandsPerS', 'append.sqlite.cpuMicrosPerCommand', 'append.sqlite.normal.commandsPerS', 'append.sqlite.baseline.txPerS'],
  async run(selected) {
    const wanted = (name: string) => selected.size === 0 || selected.has(name);
    const out: Metric[] = [];
    if (wanted('append.sqlite.commandsPerS') || wanted('append.sqlite.cpuMicrosPerCommand')) {
      const full = await commandsPerS('FULL');
      if (wanted('append.sqlite.commandsPerS')) out.push({ name: 'append.sqlite.commandsPerS', value: full.perS, unit: 'commands/s' });
      if (wanted('append.sqlite.cpuMicrosPerCommand')) out.push({ name: 'append.sqlite.cpuMicrosPerCommand', value: full.cpuMicros, unit: 'µs' });
    }
    if (wanted('append.sqlite.normal.commandsPerS')) {
      out.push({ name: 'append.sqlite.normal.commandsPerS', value: (await commandsPerS('NORMAL')).perS, unit: 'commands/s' });
    }
    if (wanted('append.sqlite.baseline.txPerS')) out.push({ name: 'append.sqlite.baseline.txPerS', value: await baselineTxPerS(), unit: 'tx/s' });
    return out;
  },
};
export default suite;
