import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consultation } from '../contract/fixtures';
import { notifyChannel } from './schema-name';
import { createPostgresEventStore, type PostgresEventStore } from './store';
import { dropSchema, PG_URL, uniqueSchema } from './test-support';

/**
 * Another process listens on the store's channel and, on each notification, counts the events it
 * can see. Appends are announced when, after the last of them, a notification comes whose count
 * sees them all: one carried by an append's own transaction, or one sent on its own for appends
 * that no carried NOTIFY followed.
 */
let schema: string;
let writer: PostgresEventStore;
let listener: pg.Client;
let notifications: number;
let seen: number;
/** Counts still running; a notification can arrive after the check that ended a test was met. */
let counting: Set<Promise<void>>;

/** The writing store, at most one NOTIFY every `notifyIntervalMs`. */
const open = async (notifyIntervalMs: number) => {
  writer = await createPostgresEventStore({ connectionString: PG_URL, schema, notifyIntervalMs });
};

beforeEach(async () => {
  schema = uniqueSchema('notify');
  await open(20);
  notifications = 0;
  seen = 0;
  counting = new Set();
  listener = new pg.Client({ connectionString: PG_URL });
  await listener.connect();
  listener.on('notification', () => {
    notifications += 1;
    const count = listener
      .query(`SELECT count(*)::integer AS n FROM ${schema}.events`)
      .then(({ rows }) => void (seen = Math.max(seen, rows[0].n as number)))
      .finally(() => counting.delete(count));
    counting.add(count);
  });
  await listener.query(`LISTEN ${notifyChannel(schema)}`);
});

afterEach(async () => {
  listener.removeAllListeners('notification');
  await Promise.all(counting);
  await listener.end();
  await writer.close();
  await dropSchema(schema);
});

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

describe('NOTIFY to other processes (postgres)', () => {
  it('given a listener in another process, when one append is made, then the NOTIFY in its transaction announces it', async () => {
    await writer.appendToStream('consultation-a', [consultation(0)]);
    await waitFor(() => expect(seen).toBe(1));
  });

  it('given appends right after one that carried the NOTIFY, when no further append comes, then a NOTIFY on its own announces them', async () => {
    await writer.close();
    await open(300);
    await writer.appendToStream('consultation-a', [consultation(0)]);
    // Within the interval: these carry no NOTIFY of their own.
    for (let i = 1; i <= 3; i++) await writer.appendToStream('consultation-a', [consultation(i)], { expectedVersion: i - 1 });
    await waitFor(() => expect(seen).toBe(4));
    expect(notifications).toBe(2);
  });

  it('given many concurrent appends, when they share groups, then they are announced, at most one NOTIFY an interval', async () => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 10; i++) await writer.appendToStream(`consultation-${w}`, [consultation(w * 100 + i)], { expectedVersion: i === 0 ? 'noStream' : i - 1 });
      }),
    );
    await waitFor(() => expect(seen).toBe(80));
    expect(notifications).toBeLessThanOrEqual(Math.ceil((performance.now() - started) / 20) + 1);
  });

  it('given appends not yet announced, when the store closes, then it announces them before it ends', async () => {
    await writer.close();
    await open(60_000);
    await writer.appendToStream('consultation-a', [consultation(0)]);
    await writer.appendToStream('consultation-a', [consultation(1)], { expectedVersion: 0 });
    await writer.close();
    await waitFor(() => expect(seen).toBe(2));
  });
});
