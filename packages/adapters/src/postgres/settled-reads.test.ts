import type { StoredEvent } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect } from '../contract/helpers';
import { consultation, instantAt } from '../contract/fixtures';
import { createPostgresEventStore, type PostgresEventStore } from './store';
import { asOwner, dropSchema, PG_URL, uniqueSchema } from './test-support';

/**
 * A global sequence alone lets a reader skip events: a transaction takes a lower position and
 * commits after a higher one became visible. These tests hold transactions open after they took
 * their positions (test-only triggers in the test's schema) and watch what readers see.
 */
const schema = uniqueSchema('settled');
const GATE_LOCK = 4242;
const stores: PostgresEventStore[] = [];
const open = async () => {
  const store = await createPostgresEventStore({ connectionString: PG_URL, schema, pollIntervalMs: 50, poolSize: 4 });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  await open();
  await asOwner((c) =>
    c.query(`
      CREATE FUNCTION ${schema}.test_delay() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        -- 'slow' streams wait for a lock the test holds; 'jitter' streams sleep a random moment.
        IF NEW.stream_id LIKE 'consultation-slow%' THEN PERFORM pg_advisory_xact_lock_shared(${GATE_LOCK}); END IF;
        IF NEW.stream_id LIKE 'consultation-jitter%' THEN PERFORM pg_sleep(random() * 0.01); END IF;
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER test_delay AFTER INSERT ON ${schema}.events FOR EACH ROW EXECUTE FUNCTION ${schema}.test_delay();
    `),
  );
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await dropSchema(schema);
});

describe('settled reads (postgres)', () => {
  it('given a transaction holding a lower position open, when a later one commits, then readers see neither until the first commits, then both in order', async () => {
    const [writerA, writerB, reader] = [await open(), await open(), await open()];
    const start = (await collect(reader.readAll())).length;
    const seen: StoredEvent[] = [];
    const subscription = reader.subscribe({ after: (await collect(reader.readAll())).at(-1)?.globalPosition ?? 0, handler: (e) => void seen.push(e) });
    await subscription.caughtUp();

    await asOwner(async (gate) => {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE_LOCK]);
      const slow = writerA.appendToStream('consultation-slow-1', [consultation(1)]);
      // Wait until the slow append has taken its position and is blocked inside its transaction.
      await vi.waitFor(async () => {
        const { rows } = await gate.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [GATE_LOCK]);
        expect(rows[0].n).toBe(1);
      }, { timeout: 5_000 });
      const fast = await writerB.appendToStream('consultation-fast-1', [consultation(2)]);
      const { rows } = await gate.query(`SELECT count(*)::int AS n FROM ${schema}.events WHERE global_position = $1`, [fast.lastGlobalPosition]);
      expect(rows[0].n).toBe(1); // committed and visible to a plain query …

      await new Promise((resolve) => setTimeout(resolve, 300)); // … several poll intervals
      expect(seen).toEqual([]); // … but not to the subscription
      expect((await collect(reader.readAll())).length).toBe(start); // nor to readAll

      await gate.query('SELECT pg_advisory_unlock($1)', [GATE_LOCK]);
      const slowResult = await slow;
      expect(slowResult.lastGlobalPosition).toBeLessThan(fast.lastGlobalPosition);
    });

    await vi.waitFor(() => expect(seen.map((e) => e.streamId)).toEqual(['consultation-slow-1', 'consultation-fast-1']), { timeout: 5000, interval: 10 });
    await subscription.stop();
  });

  it('given a long transaction of other work holding an id, when the store appends, then readers see the append at once', async () => {
    const [writer, reader] = [await open(), await open()];
    const after = (await collect(reader.readAll())).at(-1)?.globalPosition ?? 0;
    const seen: StoredEvent[] = [];
    const subscription = reader.subscribe({ after, handler: (e) => void seen.push(e) });
    await subscription.caughtUp();

    await asOwner(async (other) => {
      // Another application's transaction on the same server, open for longer than the test.
      await other.query('BEGIN');
      await other.query('CREATE TEMPORARY TABLE other_work (n integer)');
      await other.query('SELECT pg_current_xact_id()');

      const appended = await writer.appendToStream('consultation-while-other', [consultation(3)]);
      expect((await collect(reader.readAll({ after }))).map((e) => e.eventId)).toEqual(appended.events.map((e) => e.eventId));
      await vi.waitFor(() => expect(seen.map((e) => e.eventId)).toEqual(appended.events.map((e) => e.eventId)), { timeout: 5000, interval: 10 });
      await other.query('ROLLBACK');
    });
    await subscription.stop();
  });

  it('given other work beginning and ending all the time while appends run, when the head is read again and again, then it never goes back', async () => {
    const writers = [await open(), await open()];
    let running = true;
    const otherWork = Array.from({ length: 3 }, () =>
      asOwner(async (other) => {
        while (running) {
          await other.query('BEGIN');
          await other.query('SELECT pg_current_xact_id()');
          await other.query('SELECT pg_sleep(random() * 0.003)');
          await other.query('COMMIT');
        }
      }),
    );
    const appends = writers.map(async (store, w) => {
      for (let i = 0; running; i++) await store.appendToStream(`consultation-churn-${w}`, [consultation(9000 + w * 1000 + i)], { expectedVersion: 'any' });
    });
    const heads: number[] = [];
    await asOwner(async (reader) => {
      const until = performance.now() + 1500;
      while (performance.now() < until) heads.push(Number((await reader.query(`SELECT ${schema}.settled_head() AS h`)).rows[0].h));
    });
    running = false;
    await Promise.all([...otherWork, ...appends]);

    expect(heads.length).toBeGreaterThan(50);
    expect(heads.filter((h, i) => i > 0 && h < (heads[i - 1] as number))).toEqual([]);
    expect(heads.at(-1)).toBeGreaterThan(heads[0] as number);
  });

  it('given writers on several pools committing in random order, when a live consumer follows, then it gets every event exactly once, in increasing global position', async () => {
    const writers = [await open(), await open(), await open()];
    const consumerStore = await open();
    const after = (await collect(consumerStore.readAll())).at(-1)?.globalPosition ?? 0;
    const seen: StoredEvent[] = [];
    const subscription = consumerStore.subscribe({ after, handler: (e) => void seen.push(e) });

    const appendsPerWriter = 30;
    const acknowledged: StoredEvent[] = [];
    await Promise.all(
      writers.flatMap((store, s) =>
        [0, 1, 2].map(async (w) => {
          for (let i = 0; i < appendsPerWriter; i++) {
            const n = (s * 3 + w) * 1000 + i;
            const batch = Array.from({ length: 1 + (i % 3) }, (_, k) => consultation(n * 10 + k, { occurredAt: instantAt(0) }));
            // Half the appends share streams across pools and writers, so versions collide too.
            const streamId = i % 2 === 0 ? `consultation-jitter-own-${s}-${w}` : `consultation-jitter-shared-${i % 4}`;
            const result = await store.appendToStream(streamId, batch, { expectedVersion: 'any' });
            acknowledged.push(...result.events);
          }
        }),
      ),
    );
    await subscription.caughtUp();
    await subscription.stop();

    const positions = seen.map((e) => e.globalPosition);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1] as number);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
    expect(seen.map((e) => e.eventId).sort()).toEqual(acknowledged.map((e) => e.eventId).sort());
    const stored = (await collect(consumerStore.readAll({ after }))).map((e) => e.eventId);
    expect(seen.map((e) => e.eventId)).toEqual(stored);
  });
});
