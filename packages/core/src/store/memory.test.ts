import { describe, expect, it } from 'vitest';
import type { EventToAppend, StoredEvent } from '../events/envelope';
import { chainHash, GENESIS_HASH } from '../integrity/hash';
import { accepted, at, rejected, staff, submitted, toAppend } from '../testkit/sample-case.fixture';
import { ConcurrencyError, InvalidEventError } from './errors';
import { createInMemoryEventStore, StoreClosedError } from './memory';
import { SubscriptionStoppedError } from './catch-up-waiters';
import type { EventStore, ExpectedVersion, SubscribeOptions } from './port';

const fixedClock = () => '2025-03-04T10:00:00+08:00';

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

/** Three cases, interleaved: c1 submitted+accepted, c2 submitted, c1… */
const seed = async (store: EventStore) => {
  await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0)), toAppend(accepted('c1'), at(5))]);
  await store.appendToStream('case-c2', [toAppend(submitted('c2'), at(1))]);
  await store.appendToStream('case-c3', [toAppend(submitted('c3'), at(2)), toAppend(rejected('c3'), at(3))]);
};

/** A subscription that records the global positions it handles. */
const recording = (store: EventStore, options: Omit<SubscribeOptions, 'handler'> = {}) => {
  const seen: number[] = [];
  const subscription = store.subscribe({ ...options, handler: (e) => void seen.push(e.globalPosition) });
  return { seen, subscription };
};

const expectRejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
};

describe('in-memory event store: append', () => {
  it('given an empty store, when events are appended, then it assigns ids, positions, recordedAt and the chain', async () => {
    const store = createInMemoryEventStore({ now: fixedClock });
    const result = await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0)), toAppend(accepted('c1'), at(5))]);

    expect(result.nextExpectedVersion).toBe(1);
    expect(result.lastGlobalPosition).toBe(2);
    const [first, second] = result.events as [StoredEvent, StoredEvent];
    expect(first).toMatchObject({ type: 'ApplicationSubmitted', streamId: 'case-c1', streamPosition: 0, globalPosition: 1, schemaVersion: 1 });
    expect(second).toMatchObject({ type: 'CaseAccepted', streamPosition: 1, globalPosition: 2, occurredAt: at(5), actor: staff });
    expect(first.recordedAt).toBe('2025-03-04T10:00:00+08:00');
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.eventId).not.toBe(second.eventId);
    expect(first.data).toEqual(submitted('c1').data);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
  });

  it('given an event id and recordedAt on the input, when appended, then the store keeps them', async () => {
    const store = createInMemoryEventStore();
    const eventId = '0190f5b4-0000-7000-8000-000000000001';
    const { events } = await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0), { eventId, recordedAt: '2025-03-04T09:00:01+08:00' })]);
    expect(events[0]).toMatchObject({ eventId, recordedAt: '2025-03-04T09:00:01+08:00' });
  });

  it('given stored events, when the caller mutates what it read, then the store is unchanged (stored events are frozen)', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('case-c1', [toAppend(submitted('c1'))]);
    const [event] = (await store.readStream('case-c1')) as [StoredEvent<ReturnType<typeof submitted>>];
    expect(() => {
      event.data.materials.push('forged');
    }).toThrow(TypeError);
    const [again] = (await store.readStream('case-c1')) as [StoredEvent<ReturnType<typeof submitted>>];
    expect(again.data.materials).toEqual(['身份证', '申请表']);
  });
});

describe('in-memory event store: expected versions', () => {
  const cases: { name: string; given: number; expected: ExpectedVersion; ok: boolean; actual: number | 'noStream' }[] = [
    { name: "'noStream' on a new stream", given: 0, expected: 'noStream', ok: true, actual: 'noStream' },
    { name: "'noStream' on an existing stream", given: 2, expected: 'noStream', ok: false, actual: 1 },
    { name: "'streamExists' on an existing stream", given: 1, expected: 'streamExists', ok: true, actual: 0 },
    { name: "'streamExists' on a new stream", given: 0, expected: 'streamExists', ok: false, actual: 'noStream' },
    { name: "'any' on a new stream", given: 0, expected: 'any', ok: true, actual: 'noStream' },
    { name: "'any' on an existing stream", given: 2, expected: 'any', ok: true, actual: 1 },
    { name: 'the exact last position', given: 2, expected: 1, ok: true, actual: 1 },
    { name: 'a stale position', given: 2, expected: 0, ok: false, actual: 1 },
    { name: 'a position ahead of the stream', given: 1, expected: 3, ok: false, actual: 0 },
    { name: 'a position on a new stream', given: 0, expected: 0, ok: false, actual: 'noStream' },
  ];

  for (const c of cases) {
    it(`given a stream of ${c.given} events, when appending expecting ${c.name}, then it ${c.ok ? 'appends' : 'throws ConcurrencyError'}`, async () => {
      const store = createInMemoryEventStore();
      const existing = [toAppend(submitted('c1'), at(0)), toAppend(accepted('c1'), at(1))].slice(0, c.given);
      if (existing.length > 0) await store.appendToStream('case-c1', existing);
      const attempt = store.appendToStream('case-c1', [toAppend(rejected('c1'), at(2))], { expectedVersion: c.expected });

      if (c.ok) {
        const result = await attempt;
        expect(result.nextExpectedVersion).toBe(c.given);
        expect(await store.readStream('case-c1')).toHaveLength(c.given + 1);
      } else {
        const error = await expectRejection(attempt);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ kind: 'concurrency', streamId: 'case-c1', expected: c.expected, actual: c.actual });
        expect(await store.readStream('case-c1')).toHaveLength(c.given);
      }
    });
  }
});

describe('in-memory event store: bad input appends nothing', () => {
  const badEvents: { name: string; event: EventToAppend; field: string }[] = [
    { name: 'an unknown event type', event: { ...toAppend(submitted('c1'), at(1)), type: 'CaseTeleported' } as unknown as EventToAppend, field: 'type' },
    { name: 'a missing required field', event: toAppend({ type: 'CaseRejected', data: { caseId: 'c1', legalBasis: '§32' } } as never, at(1)), field: 'data.reason' },
    { name: 'an unknown data field', event: toAppend({ type: 'CaseRejected', data: { ...rejected('c1').data, colour: 'red' } } as never, at(1)), field: 'data.colour' },
    { name: 'an occurredAt without an offset', event: toAppend(rejected('c1'), '2025-03-04T09:00:00'), field: 'occurredAt' },
    { name: 'a bad actor', event: toAppend(rejected('c1'), at(1), { actor: { kind: 'robot', id: 'r' } as never }), field: 'actor.kind' },
  ];

  for (const bad of badEvents) {
    it(`given a batch whose second event has ${bad.name}, when appended, then InvalidEventError names ${bad.field} and nothing is stored`, async () => {
      const store = createInMemoryEventStore();
      const error = await expectRejection(store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0)), bad.event]));

      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error).toMatchObject({ kind: 'invalidEvent', streamId: 'case-c1', field: bad.field, index: 1 });
      expect(await store.readStream('case-c1')).toEqual([]);
      expect(await collect(store.readAll())).toEqual([]);
      const next = await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0))], { expectedVersion: 'noStream' });
      expect(next.events[0]).toMatchObject({ streamPosition: 0, globalPosition: 1, prevHash: GENESIS_HASH });
    });
  }

  it('given a stream at 09:05, when an event that occurred at 09:01 is appended, then occurredAt is refused as going backwards', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(5))]);
    const error = await expectRejection(store.appendToStream('case-c1', [toAppend(accepted('c1'), at(1))]));
    expect(error).toMatchObject({ kind: 'invalidEvent', field: 'occurredAt', index: 0 });
    expect((error as Error).message).toContain('before');
    expect(await store.readStream('case-c1')).toHaveLength(1);
  });

  it('given a batch going backwards in time within itself, when appended, then nothing is stored', async () => {
    const store = createInMemoryEventStore();
    const error = await expectRejection(store.appendToStream('case-c1', [toAppend(submitted('c1'), at(5)), toAppend(accepted('c1'), at(4))]));
    expect(error).toMatchObject({ field: 'occurredAt', index: 1 });
    expect(await store.readStream('case-c1')).toEqual([]);
  });

  it('given equal occurredAt in another offset, when appended, then it is accepted (non-decreasing compares instants)', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('case-c1', [toAppend(submitted('c1'), '2025-03-04T09:00:00+08:00'), toAppend(accepted('c1'), '2025-03-04T01:00:00Z')]);
    expect(await store.readStream('case-c1')).toHaveLength(2);
  });

  it('given imported links that do not fit the stream, when appended, then the wrong one is named', async () => {
    const store = createInMemoryEventStore();
    const withLinks = (links: Record<string, unknown>) => ({ ...toAppend(submitted('c1')), ...links }) as EventToAppend;
    await expect(store.appendToStream('case-c1', [withLinks({ streamPosition: 3 })])).rejects.toMatchObject({ field: 'streamPosition' });
    await expect(store.appendToStream('case-c1', [withLinks({ streamId: 'case-c9' })])).rejects.toMatchObject({ field: 'streamId' });
    await expect(store.appendToStream('case-c1', [withLinks({ prevHash: 'f'.repeat(64) })])).rejects.toMatchObject({ field: 'prevHash' });
    await expect(store.appendToStream('case-c1', [withLinks({ hash: 'f'.repeat(64) })])).rejects.toMatchObject({ field: 'hash' });
    expect(await store.readStream('case-c1')).toEqual([]);
  });

  it('given an exported event with its links, when imported into a fresh store, then its hash is checked and kept', async () => {
    const source = createInMemoryEventStore();
    const { events } = await source.appendToStream('case-c1', [toAppend(submitted('c1'))]);
    const target = createInMemoryEventStore();
    const imported = await target.appendToStream('case-c1', events as unknown as EventToAppend[]);
    expect(imported.events).toEqual(events);
  });

  it('given an eventId already stored, when a batch repeats it, then eventId is refused and nothing of the batch is stored', async () => {
    const store = createInMemoryEventStore();
    const eventId = '0190f5b4-0000-7000-8000-0000000000bb';
    await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0), { eventId })]);
    const error = await expectRejection(store.appendToStream('case-c2', [toAppend(submitted('c2')), toAppend(accepted('c2'), at(1), { eventId })]));
    expect(error).toMatchObject({ kind: 'invalidEvent', field: 'eventId', index: 1 });
    expect(await collect(store.readAll())).toHaveLength(1);
  });

  it('given one eventId twice in one batch, when appended, then the second is refused', async () => {
    const store = createInMemoryEventStore();
    const eventId = '0190f5b4-0000-7000-8000-0000000000cc';
    const error = await expectRejection(store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0), { eventId }), toAppend(accepted('c1'), at(1), { eventId })]));
    expect(error).toMatchObject({ field: 'eventId', index: 1 });
    expect(await store.readStream('case-c1')).toEqual([]);
  });

  it('given a closed store, when appending, then StoreClosedError is thrown', async () => {
    const store = createInMemoryEventStore();
    await store.close();
    await expect(store.appendToStream('case-c1', [toAppend(submitted('c1'))])).rejects.toBeInstanceOf(StoreClosedError);
  });
});

describe('in-memory event store: hash chain', () => {
  for (const algorithm of ['sha256', 'sm3'] as const) {
    it(`given several appends with ${algorithm}, when read raw, then each prevHash is the previous hash and each hash recomputes from the canonical text`, async () => {
      const store = createInMemoryEventStore({ hashAlgorithm: algorithm });
      await seed(store);
      await store.appendToStream('case-c2', [toAppend(accepted('c2'), at(9))]);

      const raws = await collect(store.readRaw());
      expect(raws.map((r) => r.globalPosition)).toEqual([1, 2, 3, 4, 5, 6]);
      const lastHashByStream = new Map<string, string>();
      for (const raw of raws) {
        expect(raw.prevHash).toBe(lastHashByStream.get(raw.streamId) ?? GENESIS_HASH);
        expect(chainHash(algorithm, raw.prevHash, raw.canonical)).toBe(raw.hash);
        expect(JSON.parse(raw.canonical)).toMatchObject({ streamId: raw.streamId, streamPosition: raw.streamPosition, prevHash: raw.prevHash });
        expect(raw.canonical).not.toContain('"hash"');
        expect(raw.canonical).not.toContain('globalPosition');
        lastHashByStream.set(raw.streamId, raw.hash);
      }
      const c2 = await store.readStream('case-c2');
      expect(c2[1]?.prevHash).toBe(c2[0]?.hash);
    });
  }

  it('given the same event hashed with sha256 and sm3, then the hashes differ', async () => {
    const event = toAppend(submitted('c1'), at(0), { eventId: '0190f5b4-0000-7000-8000-000000000001', recordedAt: at(0) });
    const [sha] = (await createInMemoryEventStore({ hashAlgorithm: 'sha256' }).appendToStream('case-c1', [event])).events;
    const [sm3] = (await createInMemoryEventStore({ hashAlgorithm: 'sm3' }).appendToStream('case-c1', [event])).events;
    expect(sha?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sm3?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sha?.hash).not.toBe(sm3?.hash);
  });

  it('given raw records, when read after a checkpoint, then only later records come', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    expect((await collect(store.readRaw({ after: 3 }))).map((r) => r.globalPosition)).toEqual([4, 5]);
  });
});

describe('in-memory event store: reading', () => {
  it('given a stream, when read from a position with a max count, then that window comes in stream order', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    await store.appendToStream('case-c1', [toAppend(rejected('c1'), at(6))]);
    expect((await store.readStream('case-c1')).map((e) => e.streamPosition)).toEqual([0, 1, 2]);
    expect((await store.readStream('case-c1', { from: 1 })).map((e) => e.type)).toEqual(['CaseAccepted', 'CaseRejected']);
    expect((await store.readStream('case-c1', { from: 1, maxCount: 1 })).map((e) => e.type)).toEqual(['CaseAccepted']);
    expect(await store.readStream('case-c1', { from: 3 })).toEqual([]);
    expect(await store.readStream('case-unknown')).toEqual([]);
  });

  it('given interleaved streams, when read all, then events come in global (commit) order', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const all = await collect(store.readAll());
    expect(all.map((e) => [e.globalPosition, e.streamId, e.streamPosition])).toEqual([
      [1, 'case-c1', 0],
      [2, 'case-c1', 1],
      [3, 'case-c2', 0],
      [4, 'case-c3', 0],
      [5, 'case-c3', 1],
    ]);
  });

  it('given a checkpoint, a type filter and a max count, when read all, then they combine', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    expect((await collect(store.readAll({ after: 2 }))).map((e) => e.globalPosition)).toEqual([3, 4, 5]);
    expect((await collect(store.readAll({ types: ['ApplicationSubmitted'] }))).map((e) => e.globalPosition)).toEqual([1, 3, 4]);
    expect((await collect(store.readAll({ after: 1, types: ['ApplicationSubmitted'], maxCount: 1 }))).map((e) => e.globalPosition)).toEqual([3]);
    expect(await collect(store.readAll({ after: 5 }))).toEqual([]);
  });

  it('given a read in progress, when more events are appended, then that read ends at the log as it was when it started', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const seen: number[] = [];
    for await (const event of store.readAll()) {
      seen.push(event.globalPosition);
      if (event.globalPosition === 1) await store.appendToStream('case-c4', [toAppend(submitted('c4'), at(7))]);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect((await collect(store.readAll({ after: 5 }))).map((e) => e.streamId)).toEqual(['case-c4']);
  });
});

describe('in-memory event store: subscriptions', () => {
  it('given stored events, when subscribing from the start, then it catches up in order and then receives live events', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const { seen, subscription } = recording(store);
    await subscription.caughtUp();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(subscription.checkpoint).toBe(5);

    await store.appendToStream('case-c4', [toAppend(submitted('c4'), at(7)), toAppend(accepted('c4'), at(8))]);
    await subscription.caughtUp();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await subscription.stop();
  });

  it('given a checkpoint, when subscribing, then it resumes after it, skips filtered types, and its checkpoint is the last event handled', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const { seen, subscription } = recording(store, { after: 2, types: ['ApplicationSubmitted'] });
    await subscription.caughtUp();
    expect(seen).toEqual([3, 4]);
    expect(subscription.checkpoint).toBe(4);
    await subscription.stop();
  });

  it('given an async handler, when events arrive, then each is awaited before the next starts', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const log: string[] = [];
    const subscription = store.subscribe({
      handler: async (e) => {
        log.push(`start ${e.globalPosition}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        log.push(`end ${e.globalPosition}`);
      },
    });
    await subscription.caughtUp();
    expect(log).toEqual([1, 2, 3, 4, 5].flatMap((n) => [`start ${n}`, `end ${n}`]));
    await subscription.stop();
  });

  it('given a subscription, when subscribe returns, then the handler has not run in the caller frame', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const { seen, subscription } = recording(store);
    expect(seen).toEqual([]);
    await subscription.caughtUp();
    expect(seen).toHaveLength(5);
    await subscription.stop();
  });

  it('given a stopped subscription, when more events are appended, then it receives none and keeps its checkpoint', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const { seen, subscription } = recording(store);
    await subscription.caughtUp();
    await subscription.stop();
    await store.appendToStream('case-c4', [toAppend(submitted('c4'), at(7))]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(subscription.checkpoint).toBe(5);
    await expect(subscription.caughtUp()).rejects.toBeInstanceOf(SubscriptionStoppedError);
  });

  it('given a handler that fails on the third event, then onError gets the error, caughtUp rejects and the checkpoint stays at the last handled', async () => {
    const store = createInMemoryEventStore();
    await seed(store);
    const failure = new Error('projection broke');
    const errors: unknown[] = [];
    const subscription = store.subscribe({
      handler: (e) => {
        if (e.globalPosition === 3) throw failure;
      },
      onError: (error) => errors.push(error),
    });
    await expect(subscription.caughtUp()).rejects.toBe(failure);
    expect(errors).toEqual([failure]);
    expect(subscription.checkpoint).toBe(2);

    const resumed: number[] = [];
    const again = store.subscribe({ after: subscription.checkpoint, handler: (e) => void resumed.push(e.globalPosition) });
    await again.caughtUp();
    expect(resumed).toEqual([3, 4, 5]);
    await again.stop();
  });

  it('given live subscriptions, when the store closes, then they stop', async () => {
    const store = createInMemoryEventStore();
    const subscription = store.subscribe({ handler: () => undefined });
    await subscription.caughtUp();
    await store.close();
    await expect(subscription.caughtUp()).resolves.toBeUndefined();
    expect(subscription.checkpoint).toBe(0);
  });
});
