import type { EventStore, RawEventRecord, RawEventSource, RawRangeSource } from '../store/port';
import { hasRawEvents, hasRawRanges } from '../store/port';
import { hashedText } from './hash';

/** Stores that keep canonical bytes give them; others are re-canonicalised from their events. */
async function* rawOfEvents(store: EventStore): AsyncGenerator<RawEventRecord> {
  for await (const e of store.readAll()) {
    yield { globalPosition: e.globalPosition, streamId: e.streamId, streamPosition: e.streamPosition, canonical: hashedText(e as unknown as Record<string, unknown>), prevHash: e.prevHash, hash: e.hash };
  }
}

/**
 * A store's log as `verifyLog` reads it: by range on every core when each thread can open it
 * (a SQLite file), else its stored bytes, else its events re-canonicalised (EventStoreDB).
 */
export const rawLogOf = (store: EventStore): AsyncIterable<RawEventRecord> | RawRangeSource =>
  hasRawRanges(store) ? store : hasRawEvents(store) ? store.readRaw() : rawOfEvents(store);

/** Does the store number its log without holes (a hole is then a deleted row)? */
export const hasDenseGlobalPositions = (store: EventStore): boolean => (store as Partial<RawEventSource>).denseGlobalPositions === true;
