import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { createInMemoryEventStore, exportEventLog, importEventLog, type SqlDatabase } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { expectedCaseIndexRows, PG_URL, storedCaseIndexRows } from '../readmodel/read-model.fixture';
import { simulateHall } from '../simulator';
import { captureIo } from '../test-io';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('banjian project (PostgreSQL)', () => {
  const schema = `bj_project_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = `${PG_URL}?schema=${schema}`;
  let store: Awaited<ReturnType<typeof createPostgresEventStore>>;
  let db: SqlDatabase;
  /** The simulated year's log: the first 60 % is in the store at the start, the rest comes later. */
  let later: string[];
  beforeAll(async () => {
    const simulated = createInMemoryEventStore();
    await simulateHall(simulated, { casesPerYear: 300, townshipCount: 0, seed: 5 });
    const lines: string[] = [];
    for await (const line of exportEventLog(simulated)) lines.push(line);
    const cut = Math.floor(lines.length * 0.6);
    later = lines.slice(cut);
    store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    expect((await importEventLog(store, lines.slice(0, cut)))._tag).toBe('Right');
    db = readModelDatabaseOf(store) as SqlDatabase;
  }, 120_000);
  afterAll(async () => {
    await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
  });

  const checkpoint = async () => {
    const rows = await db.query<{ position: number }>(`SELECT position FROM ${db.table('readmodel_checkpoints')} WHERE name = 'caseIndex' AND version = 1`).catch(() => []);
    return Number(rows[0]?.position ?? 0);
  };

  it('given a worker killed with SIGKILL mid-catch-up, when another run goes on, then every row equals the rebuild\'s and --status shows no lag', async () => {
    const [{ head }] = (await store.pool.query(`SELECT max(global_position)::int AS head FROM ${schema}.events`)).rows as [{ head: number }];
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'project', '--store', url, '--batch', '25'], { cwd: root, stdio: 'ignore' });
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
    // The killed worker's lease stays until it expires: --status names it.
    expect(JSON.parse(status.out())).toMatchObject({ head, readModels: [{ name: 'caseIndex', version: 1, checkpoint: head, active: true, head, lag: 0, worker: expect.any(String) }] });
  }, 180_000);

  const status = async () => {
    const io = captureIo();
    expect(await run(['project', '--status', '--json', '--store', url], io)).toBe(0);
    return JSON.parse(io.out()) as { head: number; readModels: { checkpoint: number; lag: number; worker?: string }[] };
  };
  const worker = (name: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'project', '--store', url, '--lease-ms', '1500', '--batch', '200', '--worker', name], { cwd: root, stdio: 'ignore' });
    return { child, exited: new Promise((resolve) => child.on('exit', resolve)) };
  };

  it('given two workers, when the one holding the lease is SIGKILLed, then the other takes the lease and folds what comes next, each event once', async () => {
    const workers = { a: worker('a'), b: worker('b') };
    try {
      await expect.poll(async () => (await status()).readModels[0]?.worker, { timeout: 60_000, interval: 100 }).toMatch(/^[ab]$/);
      const holder = (await status()).readModels[0]!.worker as 'a' | 'b';
      const other = holder === 'a' ? 'b' : 'a';
      workers[holder].child.kill('SIGKILL');
      await workers[holder].exited;
      expect((await importEventLog(store, later))._tag).toBe('Right');
      await expect.poll(async () => (await status()).readModels[0]?.worker, { timeout: 60_000, interval: 100 }).toBe(other);
      await expect.poll(async () => (await status()).readModels[0]?.lag, { timeout: 60_000, interval: 100 }).toBe(0);
      expect(await storedCaseIndexRows(db)).toEqual(await expectedCaseIndexRows(store));
      // A clean stop gives the lease up at once.
      workers[other].child.kill('SIGTERM');
      await workers[other].exited;
      expect((await status()).readModels[0]?.worker).toBeUndefined();
    } finally {
      for (const w of Object.values(workers)) w.child.kill('SIGKILL');
    }
  }, 180_000);
});
