import type { EventStore } from '@banjian/core';
import type { Random } from './random';

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/** A uuid v7 (RFC 9562) for an instant, its random bits from the seeded source. */
export const uuidV7At = (ms: number, rng: Random): string => {
  const time = hex(ms, 12);
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  const randA = hex(0x7000 | (a & 0x0fff), 4);
  const variant = hex(0x8000 | ((a >>> 12) & 0x3fff), 4);
  return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${variant}-${hex(b, 8)}${hex(c & 0xffff, 4)}`;
};

/**
 * A store that stamps every appended event with a seeded uuid v7 and, unless the engine's simulated
 * clock stamped it, `recordedAt` = its simulated business time (the hall system stores each event as it happens), so the same seed gives the
 * same envelopes, hence the same hash chains, byte for byte. Everything else goes to the store.
 * `legacyStamp` (planted anomalies) stamps a writer's own `recordedAt` over the engine's.
 */
export const stampingStore = (store: EventStore, rng: Random, legacyStamp?: () => string | undefined): EventStore => ({
  appendToStream: (streamId, events, options) =>
    store.appendToStream(
      streamId,
      events.map((e) => ({ ...e, eventId: uuidV7At(Date.parse(e.occurredAt), rng), recordedAt: legacyStamp?.() ?? e.recordedAt ?? e.occurredAt })),
      options,
    ),
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  subscribe: (options) => store.subscribe(options),
  close: () => store.close(),
});
