import { chainHash, GENESIS_HASH, hashedText, hasRawEvents, type EventStore, type HashAlgorithm, type StoredEvent } from '@banjian/core';
import { expect } from 'vitest';

export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

/** Assert a thrown error by its `kind` and fields (class identity may differ across module copies). */
export const rejection = async (promise: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail, it succeeded');
};

/**
 * The whole log is sound: global positions strictly increasing and unique, every stream's positions
 * 0..n-1 in global order, every prevHash the previous hash, every hash recomputable from the event,
 * and (when the store keeps them) from the stored canonical bytes.
 */
export const expectLogIntact = async (store: EventStore, algorithm: HashAlgorithm): Promise<StoredEvent[]> => {
  const events = await collect(store.readAll());
  const heads = new Map<string, StoredEvent>();
  let lastGlobal = 0;
  for (const event of events) {
    expect(event.globalPosition).toBeGreaterThan(lastGlobal);
    lastGlobal = event.globalPosition;
    const previous = heads.get(event.streamId);
    expect(event.streamPosition).toBe(previous ? previous.streamPosition + 1 : 0);
    expect(event.prevHash).toBe(previous ? previous.hash : GENESIS_HASH);
    expect(chainHash(algorithm, event.prevHash, hashedText(event as unknown as Record<string, unknown>))).toBe(event.hash);
    heads.set(event.streamId, event);
  }
  if (hasRawEvents(store)) {
    const raw = await collect(store.readRaw());
    expect(raw.map((r) => r.globalPosition)).toEqual(events.map((e) => e.globalPosition));
    raw.forEach((record, i) => {
      const event = events[i] as StoredEvent;
      expect(chainHash(algorithm, record.prevHash, record.canonical)).toBe(record.hash);
      expect(record.hash).toBe(event.hash);
      expect(record.canonical).toBe(hashedText(event as unknown as Record<string, unknown>));
    });
  }
  return events;
};
