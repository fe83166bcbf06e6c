import { randomBytes } from 'node:crypto';
import { verifyLog, type StoredEvent, type SubscriptionRetry } from '@banjian/core';
import { afterEach, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import { collect } from '../contract/helpers';
import type { StoreRetry } from './append';
import { createPostgresEventStore, type PostgresEventStore } from './store';
import { asOwner, dropSchema, PG_URL, uniqueSchema } from './test-support';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store whose connections carry an application name of their own, so a test can terminate exactly them. */
const namedStore = async (schema: string, options: { onRetry?: (r: StoreRetry) => void; pollIntervalMs?: number } = {}) => {
  const application = `bj_resilience_${randomBytes(4).toString('hex')}`;
  const store = await createPostgresEventStore({ connectionString: `${PG_URL}?application_name=${application}`, schema, pollIntervalMs: 50, ...options });
  cleanups.push(() => store.close());
  return { store, application };
};

const freshSchema = () => {
  const schema = uniqueSchema('resilience');
  cleanups.push(() => dropSchema(schema));
  return schema;
};

const terminate = (application: string, where = 'true') =>
  asOwner(async (c) => (await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND ${where}`, [application])).rowCount ?? 0);

/** Hold an ACCESS EXCLUSIVE lock on the events table, so every statement of the store on it waits. */
const lockEvents = async (schema: string) => {
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = asOwner(async (c) => {
    await c.query('BEGIN');
    await c.query(`LOCK TABLE ${schema}.events IN ACCESS EXCLUSIVE MODE`);
    locked();
    await new Promise<void>((resolve) => (release = resolve));
    await c.query('ROLLBACK');
  });
  await isLocked;
  return async () => {
    release();
    await done;
  };
};

/** Waits until a backend of the application waits on a lock (its statement is in flight, blocked). */
const blockedBackend = async (application: string) => {
  await expect
    .poll(() => asOwner(async (c) => (await c.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [application])).rowCount), { timeout: 10_000 })
    .toBeGreaterThan(0);
};

describe('PostgreSQL: terminated backends (pg_terminate_backend)', () => {
  it('given an append waiting in the server, when its backend is terminated, then the process lives, the append is sent again and stored once, and the loss is reported', async () => {
    const schema = freshSchema();
    const retries: StoreRetry[] = [];
    const { store, application } = await namedStore(schema, { onRetry: (r) => retries.push(r) });
    await store.appendToStream('consultation-a', [consultation(0)]);
    const unlock = await lockEvents(schema);
    const pending = store.appendToStream('consultation-a', [consultation(1)], { expectedVersion: 0 });
    await blockedBackend(application);
    expect(await terminate(application, `wait_event_type = 'Lock'`)).toBe(1);
    await expect.poll(() => retries.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await unlock();
    const appended = await pending;
    expect(appended.nextExpectedVersion).toBe(1);
    expect((await store.readStream('consultation-a')).map((e) => e.data)).toEqual([consultation(0).data, consultation(1).data]);
    expect(retries[0]).toMatchObject({ operation: 'append', attempt: 1 });
    expect(String((retries[0]!.error as Error).message)).toMatch(/terminating connection|Connection terminated/);
  });

  it('given a live subscription reading in the server, when its backend is terminated, then it reports the failure, reads again, and handles every event once, in order', async () => {
    const schema = freshSchema();
    const { store: writer } = await namedStore(schema);
    const { store: reader, application } = await namedStore(schema);
    await writer.appendToStream('consultation-a', [consultation(0), consultation(1)]);
    const handled: StoredEvent[] = [];
    const retries: SubscriptionRetry[] = [];
    const errors: unknown[] = [];
    const subscription = reader.subscribe({ handler: (e) => void handled.push(e), onRetry: (r) => retries.push(r), onError: (e) => errors.push(e) });
    cleanups.push(() => subscription.stop());
    await expect.poll(() => handled.length, { timeout: 10_000 }).toBe(2);

    const unlock = await lockEvents(schema);
    await blockedBackend(application);
    expect(await terminate(application, `wait_event_type = 'Lock'`)).toBeGreaterThan(0);
    await expect.poll(() => retries.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await unlock();
    await writer.appendToStream('consultation-a', [consultation(2)], { expectedVersion: 1 });
    await expect.poll(() => handled.length, { timeout: 10_000 }).toBe(3);
    expect(handled.map((e) => e.globalPosition)).toEqual([1, 2, 3]);
    expect(errors).toEqual([]);
    expect(retries[0]).toMatchObject({ attempt: 1, checkpoint: 2 });
  });

  it('given a live subscription that polls rarely, when the connection listening for NOTIFY is terminated, then it listens again and is woken by the next append of another process', async () => {
    const schema = freshSchema();
    const { store: writer } = await namedStore(schema);
    const { store: reader, application } = await namedStore(schema, { pollIntervalMs: 60_000 });
    const handled: StoredEvent[] = [];
    const subscription = reader.subscribe({ handler: (e) => void handled.push(e) });
    cleanups.push(() => subscription.stop());
    const listening = () => asOwner(async (c) => (await c.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %'`, [application])).rowCount);
    await expect.poll(listening, { timeout: 10_000 }).toBe(1);

    expect(await terminate(application, `query LIKE 'LISTEN %'`)).toBe(1);
    await expect.poll(listening, { timeout: 10_000 }).toBe(1);
    await writer.appendToStream('consultation-a', [consultation(0)]);
    // Far sooner than the next poll: only a notification wakes it.
    await expect.poll(() => handled.length, { timeout: 5_000 }).toBe(1);
  });

  it('given writers appending to shared streams, when their backends are terminated again and again, then every acknowledged append is stored exactly once and the log verifies', async () => {
    const schema = freshSchema();
    const retries: StoreRetry[] = [];
    const { store, application } = await namedStore(schema, { onRetry: (r) => retries.push(r) });
    const acknowledged: string[] = [];
    let stop = false;
    // Writers append with expectedVersion 'any' to four shared streams: a resent unit that was in
    // fact stored finds the head moved, and must then be answered from the log, not sealed anew.
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const n = w * 100_000 + i;
        await store.appendToStream(`consultation-w${w}`, [consultation(n)]);
        acknowledged.push(`consultation-${n}`);
      }
    });
    const killer = (async () => {
      const until = Date.now() + 20_000;
      // Terminate until several appends have ridden out a lost connection (and a fair number got through).
      while ((retries.length < 5 || acknowledged.length < 300) && Date.now() < until) {
        await terminate(application, `state = 'active'`);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      stop = true;
    })();
    await killer;
    await Promise.all(writers);
    expect(retries.length).toBeGreaterThanOrEqual(5);

    const stored = await collect(store.readAll());
    const ids = stored.map((e) => (e.data as { consultationId: string }).consultationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...acknowledged].sort());
    const verified = await verifyLog((store as PostgresEventStore).readRaw());
    expect(verified).toMatchObject({ ok: true });
  }, 60_000);
});
