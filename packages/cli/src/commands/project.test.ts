import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, readModelDatabaseOf } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
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
  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    await simulateHall(store, { casesPerYear: 300, townshipCount: 0, seed: 5 });
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
    expect(JSON.parse(status.out())).toEqual({ head, readModels: [{ name: 'caseIndex', version: 1, checkpoint: head, active: true, head, lag: 0 }] });
  }, 180_000);
});
