import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, readModelDatabaseOf, type PostgresEventStore } from '@banjian/adapters';
import { createInMemoryEventStore, exportEventLog, importEventLog, readLines, type SqlDatabase } from '@banjian/core';
import { createCaseIndex, createPartitionRunner, figureFactsReadModel, readModelStatus, caseIndexTable, figureFactsTable, CASE_INDEX_NAME, FIGURE_FACTS_NAME } from '@banjian/projections';
import { defaultCountyHall, simulateHall, type HallSetup } from '../packages/cli/src/simulator';

/**
 * A city's log for the PostgreSQL read-model benches (report.pg, worklist.pg): county trees (a
 * county hall and three townships, 12,000 applications a year each, every tree with its own hall
 * ids `c<k>-county`, `c<k>-township-<n>` and seed 2025 + k), as many as make the target, simulated
 * through the real engine and deciders, two processes at a time; each tree's log exported as NDJSON (spec §7), the
 * trees merged into one file in recording order (each tree's own order kept, global positions
 * numbered afresh: what the city platform's one log holds when its halls write side by side), then
 * imported into the PostgreSQL store in schema `bench_log_5m_v1` by `importEventLog` in parts of
 * `PART_LINES` lines (each part all or nothing, continuing the streams the store holds: a whole
 * 5-million-event log parsed at once does not fit in memory), the temporary files removed, and the
 * case index and the figure facts built over it by catch-up. Then VACUUM (ANALYZE) of the events
 * and both read models' tables, as autovacuum would after a bulk load (this server runs without it).
 *
 * The schema is kept for later runs when complete (head ≥ the target, both read models active with
 * their checkpoints at the head), otherwise dropped and built again (in a child process with a
 * 12 GB heap: the folds of 5 million events; 25 minutes on 2 cores, 8 GB on disk). To build it
 * again, or to free the space: `psql -h 127.0.0.1 -U postgres test -c 'DROP SCHEMA bench_log_5m_v1 CASCADE'`.
 * `tsx bench/city-log.ts build <events> <schema>` builds a smaller log elsewhere, to try the steps.
 */
export const CITY_LOG_SCHEMA = 'bench_log_5m_v1';
export const CITY_LOG_EVENTS = 5_000_000;
const PART_LINES = 100_000;
const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const YEAR = 2025;

export const treeRootHallId = (k: number) => `c${k}-county`;
export const CITY_LOG_PERIOD = { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01` } as const;

/** County tree `k`: the default county hall of seed 2025 + k, its halls named for the tree. */
const treeSetup = (k: number): HallSetup => {
  const name = (id: string) => `c${k}-${id}`;
  const base = defaultCountyHall({ seed: YEAR + k, townshipCount: 3 });
  return { halls: base.halls.map((h) => ({ ...h, hallId: name(h.hallId), ...(h.parentId ? { parentId: name(h.parentId) } : {}) })) };
};

const treeFile = (dir: string, k: number) => join(dir, `tree-${k}.ndjson`);

/** Tree `k` simulated alone, in memory: the same events as its part of the city's log. */
export const simulateTreeInMemory = async (k: number) => {
  const store = createInMemoryEventStore();
  const simulated = await simulateHall(store, { casesPerYear: 12_000, seed: YEAR + k, year: YEAR, setup: treeSetup(k) });
  return { store, simulated };
};

/** Writes the lines to `file`, a few thousand a write; the number of lines. */
const writeLines = async (file: string, lines: AsyncIterable<string>): Promise<number> => {
  const fd = openSync(file, 'w');
  let count = 0;
  let chunk: string[] = [];
  try {
    for await (const line of lines) {
      chunk.push(line);
      count++;
      if (chunk.length === 2_000) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return count;
};

/** Simulates tree `k` in memory and writes its exported log to `file`. */
const simulateTree = async (k: number, file: string): Promise<number> => writeLines(file, exportEventLog((await simulateTreeInMemory(k)).store));

/** Runs `node <this file> simulate …` (under the same loader as this process); the events it wrote. */
const simulateInChild = (dir: string, trees: readonly number[]): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'simulate', dir, ...trees.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`simulating trees ${trees.join(',')}: exit ${code ?? signal}`))));
  });

/** Trees 1, 2, … simulated two processes at a time until they hold `target` events; the trees made. */
const simulateTrees = async (dir: string, target: number): Promise<number[]> => {
  const made: number[] = [];
  let events = 0;
  while (events < target) {
    // A tree is about 72,000 events: ask for what the target still needs, and two more.
    const wanted = Math.ceil((target - events) / 72_000) + 2;
    const round = Array.from({ length: wanted }, (_, i) => made.length + i + 1);
    const counts = await Promise.all([0, 1].map((w) => simulateInChild(dir, round.filter((k) => k % 2 === w))));
    events += counts[0]! + counts[1]!;
    made.push(...round);
  }
  return made;
};

const RECORDED_AT = /"recordedAt":"([^"]+)"/;
const GLOBAL_POSITION = /^\{"globalPosition":\d+,/;

/**
 * The trees' logs merged into one, by recording time (ties: the lower tree), each tree's own order
 * kept; global positions numbered afresh (they are not hashed).
 */
async function* mergeTrees(files: readonly string[]): AsyncGenerator<string> {
  const readers = files.map((f) => readLines(f)[Symbol.asyncIterator]());
  const next = async (i: number) => {
    const r = await (readers[i] as AsyncIterator<string>).next();
    if (r.done) return undefined;
    const at = RECORDED_AT.exec(r.value)?.[1];
    if (!at || !GLOBAL_POSITION.test(r.value)) throw new Error(`${files[i]}: a line without recordedAt or leading globalPosition`);
    return { line: r.value, at: Date.parse(at) };
  };
  const heads = await Promise.all(files.map((_, i) => next(i)));
  for (let position = 1; ; position++) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h && (best < 0 || h.at < (heads[best] as { at: number }).at)) best = i;
    }
    if (best < 0) return;
    const { line } = heads[best] as { line: string };
    yield `{"globalPosition":${position},${line.slice(line.indexOf(',') + 1)}`;
    heads[best] = await next(best);
  }
}

/** Imports the file through `importEventLog`, `PART_LINES` lines a call. */
const importInParts = async (store: PostgresEventStore, file: string, log: (text: string) => void): Promise<number> => {
  const lines = readLines(file)[Symbol.asyncIterator]();
  let ended = false;
  async function* part(): AsyncGenerator<string> {
    for (let i = 0; i < PART_LINES; i++) {
      const r = await lines.next();
      if (r.done) {
        ended = true;
        return;
      }
      yield r.value;
    }
  }
  let imported = 0;
  const started = performance.now();
  while (!ended) {
    const result = await importEventLog(store, part(), { algorithm: store.hashAlgorithm });
    if (result._tag === 'Left') throw new Error(`import of ${file}: line ${imported + result.left.line}: ${result.left.field}: ${result.left.reason}`);
    imported += result.right.events;
    log(`imported ${imported} events (${Math.round(imported / ((performance.now() - started) / 1000))} events/s)`);
  }
  return imported;
};

const headOf = async (db: SqlDatabase): Promise<number> =>
  Number(((await db.query<{ head: number }>(`SELECT coalesce(max(global_position), 0) AS head FROM ${db.table('events')}`))[0] as { head: number }).head);

/** The built log's numbers, kept in the schema beside it. */
export interface CityLogBuild {
  readonly events: number;
  readonly trees: number;
  /** Seconds of each step of the build that made the schema (simulate, merge, import, caseIndex, figureFacts, vacuum). */
  readonly seconds: Readonly<Record<string, number>>;
}

/** Whether the schema holds the whole log with both read models caught up to its head. */
const complete = async (db: SqlDatabase): Promise<CityLogBuild | undefined> => {
  const built = await db.query<{ build: string }>(`SELECT build FROM ${db.table('bench_city_log')}`).catch(() => []);
  if (built.length === 0) return undefined;
  const head = await headOf(db);
  if (head < CITY_LOG_EVENTS) return undefined;
  for (const name of [CASE_INDEX_NAME, FIGURE_FACTS_NAME]) {
    const status = await readModelStatus(db, name);
    if (!status.some((s) => s.active && s.checkpoint >= head)) return undefined;
  }
  const build = JSON.parse((built[0] as { build: string }).build) as CityLogBuild;
  return { ...build, events: head };
};

const openStore = (schema = CITY_LOG_SCHEMA) => createPostgresEventStore({ connectionString: PG_URL, schema });

/** Builds the schema from nothing (see the module's comment); progress on stderr. */
const build = async (target: number, schema: string): Promise<CityLogBuild> => {
  const log = (text: string) => process.stderr.write(`[city-log ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    seconds[step] = Math.round((performance.now() - t) / 100) / 10;
    log(`${step}: ${seconds[step]} s`);
    return result;
  };
  const dir = mkdtempSync(join(tmpdir(), 'banjian-city-log-'));
  try {
    const all = await timed('simulate', () => simulateTrees(dir, target));
    const file = join(dir, 'city.ndjson');
    const lines = await timed('merge', () => writeLines(file, mergeTrees(all.map((k) => treeFile(dir, k)))));
    for (const k of all) rmSync(treeFile(dir, k));
    log(`${lines} lines in ${file}`);

    const drop = await openStore(schema);
    await (readModelDatabaseOf(drop) as SqlDatabase).query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await drop.close();
    const store = await openStore(schema);
    try {
      const db = readModelDatabaseOf(store) as SqlDatabase;
      const events = await timed('import', () => importInParts(store, file, log));
      rmSync(file);
      await timed('caseIndex', () => createCaseIndex({ store, db }).catchUp());
      await timed('figureFacts', async () => {
        const runner = createPartitionRunner({ store, db, model: figureFactsReadModel(db) });
        await runner.add([0]);
        while ((await runner.catchUp()) > 0);
        if (!(await runner.activateIfCaughtUp())) throw new Error('figure facts did not take over at the head');
      });
      await timed('vacuum', async () => {
        for (const table of [db.table('events'), caseIndexTable(db, 1), figureFactsTable(db, 1)]) await db.query(`VACUUM (ANALYZE) ${table}`);
      });
      const result: CityLogBuild = { events, trees: all.length, seconds };
      await db.query(`CREATE TABLE ${db.table('bench_city_log')} (build text NOT NULL)`);
      await db.query(`INSERT INTO ${db.table('bench_city_log')} VALUES ($1)`, [JSON.stringify(result)]);
      return result;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Runs `node <this file> build` with room for the folds of 5 million events, and waits for it. */
const buildInChild = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=12288', ...process.execArgv, fileURLToPath(import.meta.url), 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`building ${CITY_LOG_SCHEMA}: exit ${code ?? signal}`))));
  });

/**
 * The city log's store, built first when the schema is not complete; `built` says whether this call
 * built it. Close the store when done.
 */
export const openCityLog = async (): Promise<{ store: PostgresEventStore; db: SqlDatabase; log: CityLogBuild; built: boolean }> => {
  let built = false;
  for (;;) {
    const store = await openStore();
    const db = readModelDatabaseOf(store) as SqlDatabase;
    const log = await complete(db);
    if (log) return { store, db, log, built };
    await store.close();
    if (built) throw new Error(`${CITY_LOG_SCHEMA} is still incomplete after a build`);
    await buildInChild();
    built = true;
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'simulate') {
    const [dir, ...trees] = args as [string, ...string[]];
    let events = 0;
    for (const k of trees.map(Number)) {
      const t = performance.now();
      const lines = await simulateTree(k, treeFile(dir, k));
      events += lines;
      process.stderr.write(`[city-log] tree ${k}: ${lines} events in ${Math.round(performance.now() - t) / 1000} s\n`);
    }
    process.stdout.write(`${events}\n`);
  } else if (command === 'build') {
    // A smaller log in another schema (`build <events> <schema>`) to try the steps out.
    const result = await build(Number(args[0] ?? CITY_LOG_EVENTS), args[1] ?? CITY_LOG_SCHEMA);
    process.stderr.write(`[city-log] built: ${JSON.stringify(result)}\n`);
  } else {
    process.stderr.write('usage: tsx bench/city-log.ts build | simulate <dir> <tree>…\n');
    process.exit(2);
  }
}
