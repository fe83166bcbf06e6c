import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { createInMemoryEventStore, exportEventLog, importEventLog, type SqlDatabase } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { expectedCaseIndexRows, PG_URL, storedCaseIndexRows } from '../readmodel/read-model.fixture';
import { simulateHall } from '../simulator';
import { captureIo } from '../test-io';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('banjian project', () => {
  /** The simulated year's log: the first 60 % is in a test's store at the start, the rest comes later. */
  let first: string[];
  let later: string[];
  const homes: { schema: string; store: Awaited<ReturnType<typeof createPostgresEventStore>> }[] = [];
  beforeAll(async () => {
    const simulated = createInMemoryEventStore();
    await simulateHall(simulated, { casesPerYear: 300, townshipCount: 0, seed: 5 });
    const lines: string[] = [];
    for await (const line of exportEventLog(simulated)) lines.push(line);
    const cut = Math.floor(lines.length * 0.6);
    first = lines.slice(0, cut);
    later = lines.slice(cut);
  }, 120_000);
  afterAll(async () => {
    for (const { schema, store } of homes) {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    }
  });

  type Status = { head: number; readModels: { name: string; checkpoint: number; lag: number; partitions: { partition: number; checkpoint: number; lag: number; worker?: string }[] }[] };

  /** A store of its own schema holding the first 60 % of the year, and how to look at its case index. */
  const openHome = async () => {
    const schema = `bj_project_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = `${PG_URL}?schema=${schema}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    homes.push({ schema, store });
    expect((await importEventLog(store, first))._tag).toBe('Right');
    const db = readModelDatabaseOf(store) as SqlDatabase;
    /** Each partition's stored checkpoint (empty before the first worker). */
    const partitionPositions = async (): Promise<number[]> => {
      const rows = await db.query<{ position: number }>(`SELECT position FROM ${db.table('readmodel_partitions')} WHERE name = 'caseIndex' AND version = 1 ORDER BY partition`).catch(() => []);
      return rows.map((r) => Number(r.position));
    };
    const status = async (): Promise<Status> => {
      const io = captureIo();
      expect(await run(['project', '--status', '--json', '--store', url], io)).toBe(0);
      return JSON.parse(io.out()) as Status;
    };
    const head = async () => ((await store.pool.query(`SELECT max(global_position)::int AS head FROM ${schema}.events`)).rows as [{ head: number }])[0].head;
    return { schema, url, store, db, partitionPositions, status, head };
  };
  const caseIndexOf = (shown: Status) => shown.readModels.find((m) => m.name === 'caseIndex');

  it('given a PostgreSQL store and a worker killed with SIGKILL mid-catch-up, when another run goes on, then every row equals the rebuild\'s and --status shows no lag', async () => {
    const home = await openHome();
    const { url, store, db, partitionPositions } = home;
    const head = await home.head();
    const checkpoint = async () => Math.max(0, ...(await partitionPositions()));
    // one event a transaction: the catch-up takes seconds, so the kill lands mid-way even on a quick machine
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'project', '--store', url, '--batch', '1'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await expect.poll(checkpoint, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await exited;
    const killedAt = await checkpoint();
    expect(killedAt).toBeLessThan(head);

    const io = captureIo();
    expect(await run(['project', '--once', '--store', url], io)).toBe(0);
    expect(io.out()).toContain(`caseIndex@1: caught up at ${head}`);

    expect(await storedCaseIndexRows(db)).toEqual(await expectedCaseIndexRows(store));

    const status = captureIo();
    expect(await run(['project', '--status', '--json', '--store', url], status)).toBe(0);
    const shown = JSON.parse(status.out()) as Status;
    const index = shown.readModels.find((m) => m.name === 'caseIndex');
    expect(shown.head).toBe(head);
    expect(index).toMatchObject({ version: 1, checkpoint: head, active: true, head, lag: 0 });
    expect(index!.partitions.map((p) => [p.partition, p.checkpoint, p.lag])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((p) => [p, head, 0]));
    // --once waited for the killed worker's leases to lapse, took its partitions over and gave them up when done.
    expect(index!.partitions.every((p) => p.worker === undefined)).toBe(true);
  }, 180_000);

  it('given three workers sharing the partitions, when one is SIGKILLed mid-run, then the others take its partitions within the lease, no checkpoint goes back, and the rows equal the rebuild\'s', async () => {
    const { url, store, db, partitionPositions, status } = await openHome();
    const holders = async () => caseIndexOf(await status())?.partitions.map((p) => p.worker) ?? [];
    const worker = (name: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, 'project', '--store', url, '--lease-ms', '1500', '--batch', '40', '--worker', name], { cwd: root, stdio: 'ignore' });
      return { child, exited: new Promise((resolve) => child.on('exit', resolve)) };
    };
    const workers = { a: worker('a'), b: worker('b'), c: worker('c') };
    const seen: number[][] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        seen.push(await partitionPositions());
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    try {
      // All three share the eight partitions (3, 3, 2) while the log is still being folded.
      await expect.poll(async () => new Set((await holders()).filter(Boolean)).size, { timeout: 60_000, interval: 50 }).toBe(3);
      // The rest of the year arrives in chunks while the three follow it; a is killed halfway.
      const chunk = Math.ceil(later.length / 8);
      let killedAt = 0;
      for (let k = 0; k < 8; k++) {
        expect((await importEventLog(store, later.slice(k * chunk, (k + 1) * chunk)))._tag).toBe('Right');
        if (k === 3) {
          workers.a.child.kill('SIGKILL');
          await workers.a.exited;
          killedAt = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await expect.poll(async () => (await holders()).every((w) => w === 'b' || w === 'c'), { timeout: 30_000, interval: 50 }).toBe(true);
      // Taken over within the lease (1.5 s) and a few renewal rounds.
      expect(Date.now() - killedAt).toBeLessThan(6_000);
      await expect.poll(async () => caseIndexOf(await status())?.lag, { timeout: 60_000, interval: 100 }).toBe(0);
      expect(await storedCaseIndexRows(db)).toEqual(await expectedCaseIndexRows(store));
      watching = false;
      await watch;
      for (let k = 1; k < seen.length; k++) {
        const before = seen[k - 1]!;
        seen[k]!.forEach((position, p) => expect(position).toBeGreaterThanOrEqual(before[p] ?? 0));
      }
      // A clean stop gives the leases up at once.
      for (const w of [workers.b, workers.c]) w.child.kill('SIGTERM');
      await Promise.all([workers.b.exited, workers.c.exited]);
      expect((await holders()).every((w) => w === undefined)).toBe(true);
    } finally {
      watching = false;
      await watch;
      for (const w of Object.values(workers)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await Promise.all(Object.values(workers).map((w) => w.exited));
    }
  }, 180_000);

  it('given a SQLite store, when project --once runs, then its one partition catches up and every row equals the rebuild\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-project-'));
    const path = join(dir, 'store.db');
    const store = createSqliteEventStore({ path });
    try {
      expect((await importEventLog(store, first))._tag).toBe('Right');
      const url = `sqlite:${path}`;
      expect(await run(['project', '--once', '--store', url], captureIo())).toBe(0);
      const db = readModelDatabaseOf(store) as SqlDatabase;
      expect(await storedCaseIndexRows(db)).toEqual(await expectedCaseIndexRows(store));
      await db.close();
      const io = captureIo();
      expect(await run(['project', '--status', '--json', '--store', url], io)).toBe(0);
      const shown = JSON.parse(io.out()) as Status;
      expect(caseIndexOf(shown)?.partitions.map((p) => [p.partition, p.lag])).toEqual([[0, 0]]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

