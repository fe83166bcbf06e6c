import { randomBytes } from 'node:crypto';
import { createPostgresEventStore, type PostgresEventStore } from '@banjian/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { simulateHall } from '../simulator';
import { captureIo } from '../test-io';

const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('banjian report --read-store (PostgreSQL)', () => {
  const schema = `bj_report_read_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = `${PG_URL}?schema=${schema}`;
  /** A second connection, read-only, standing in for a hot standby. */
  const standby = `${PG_URL}?schema=${schema}&options=${encodeURIComponent('-c default_transaction_read_only=on')}`;
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    await simulateHall(store, { casesPerYear: 150, townshipCount: 0, seed: 3 });
    expect(await run(['project', '--once', '--store', url], captureIo())).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await store?.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store?.close();
  });

  const report = async (...extra: string[]) => {
    const io = captureIo();
    expect(await run(['report', '--from', '2025-01-01', '--to', '2026-01-01', '--json', '--store', url, ...extra], io)).toBe(0);
    return JSON.parse(io.out()) as { checkpoint: number; figures: Record<string, unknown>; source: { kind: string; checkpoint?: number } };
  };

  it('given the read model caught up, when the report is asked of a read-only second connection, then it is summed there, names its checkpoint, and equals the rebuild', async () => {
    const [{ head }] = (await store.pool.query(`SELECT max(global_position)::int AS head FROM ${schema}.events`)).rows as [{ head: number }];
    const fromStandby = await report('--read-store', standby);
    expect(fromStandby.source).toEqual({ kind: 'readModel', model: 'figureFacts@1', checkpoint: head });
    expect(fromStandby.checkpoint).toBe(head);
    expect(fromStandby.figures).toEqual((await report('--source', 'rebuild')).figures);
  });

  it('given a --read-store that is no store URL, then a usage error names it', async () => {
    const io = captureIo();
    expect(await run(['report', '--from', '2025-01-01', '--to', '2026-01-01', '--store', url, '--read-store', 'memory:'], io)).toBe(2);
    expect(io.err()).toContain('--read-store');
  });
});
