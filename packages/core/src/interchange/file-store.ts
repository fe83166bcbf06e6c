import { isLeft } from 'fp-ts/lib/Either';
import type { StoredEvent } from '../events/envelope';
import type { HashAlgorithm } from '../integrity/hash';
import type { EventStore, RawEventRecord, RawEventSource, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '../store/port';
import { EventLogFileError, ReadOnlyStoreError } from './errors';
import { readLines } from './lines';
import { parseEventLog, type ParsedEvent } from './parse';

export type FileEventStore = EventStore & RawEventSource & { readonly path: string; readonly algorithm: HashAlgorithm };

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/**
 * The stored form of every line. Global positions are the file's own when every line has one,
 * otherwise 1…n in file order.
 */
const storedEvents = (parsed: readonly ParsedEvent[]): { events: StoredEvent[]; raw: RawEventRecord[] } => {
  const own = parsed.every((p) => p.globalPosition !== undefined);
  const events: StoredEvent[] = [];
  const raw: RawEventRecord[] = [];
  parsed.forEach((p, i) => {
    const globalPosition = own ? (p.globalPosition as number) : i + 1;
    // Readers see exactly what was hashed, as a store returns it.
    const event = JSON.parse(p.canonical) as StoredEvent;
    event.hash = p.hash;
    event.globalPosition = globalPosition;
    events.push(deepFreeze(event));
    raw.push({ globalPosition, streamId: event.streamId, streamPosition: event.streamPosition, canonical: p.canonical, prevHash: p.prevHash, hash: p.hash });
  });
  return { events, raw };
};

/** Index of the first event with a global position greater than `after` (binary search). */
const firstAfter = (events: readonly { globalPosition: number }[], after: number): number => {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as { globalPosition: number }).globalPosition <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * An exported `.ndjson` log opened as a read-only store (store URL `file:<path>.ndjson`), so an
 * auditor can report, trail and verify without a database. Every line is validated on open
 * (`EventLogFileError` names the first bad line); appends throw `ReadOnlyStoreError`.
 */
export const openFileStore = async (path: string, options: { algorithm?: HashAlgorithm } = {}): Promise<FileEventStore> => {
  let parsed;
  try {
    parsed = await parseEventLog(readLines(path), options);
  } catch (error) {
    throw new EventLogFileError(path, { kind: 'interchange', line: 0, field: '(file)', reason: (error as Error).message, message: `cannot read: ${(error as Error).message}` });
  }
  if (isLeft(parsed)) throw new EventLogFileError(path, parsed.left);
  const { events, raw } = storedEvents(parsed.right.events);
  const byStream = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const stream = byStream.get(event.streamId) ?? [];
    stream.push(event);
    byStream.set(event.streamId, stream);
  }

  return {
    path,
    algorithm: parsed.right.algorithm,
    async appendToStream(streamId) {
      throw new ReadOnlyStoreError(path, streamId);
    },
    async readStream(streamId, { from = 0, maxCount }: ReadStreamOptions = {}) {
      const stream = byStream.get(streamId) ?? [];
      return stream.slice(from, maxCount === undefined ? undefined : from + maxCount);
    },
    async *readAll({ after = 0, maxCount = Infinity, types }: ReadAllOptions = {}) {
      const wanted = types ? new Set(types) : undefined;
      let count = 0;
      for (let i = firstAfter(events, after); i < events.length && count < maxCount; i++) {
        const event = events[i] as StoredEvent;
        if (wanted && !wanted.has(event.type)) continue;
        count += 1;
        yield event;
      }
    },
    async *readRaw({ after = 0 }: { after?: number } = {}) {
      for (let i = firstAfter(raw, after); i < raw.length; i++) yield raw[i] as RawEventRecord;
    },
    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      return replaySubscription(events, subscribeOptions);
    },
    async close() {},
  };
};

/** A subscription over a log that never grows: it delivers what is there, then stays caught up. */
const replaySubscription = (events: readonly StoredEvent[], { after = 0, handler, types, onError }: SubscribeOptions): Subscription => {
  const wanted = types ? new Set(types) : undefined;
  let checkpoint = after;
  let stopped = false;
  const done = (async () => {
    for (let i = firstAfter(events, after); i < events.length && !stopped; i++) {
      const event = events[i] as StoredEvent;
      if (!wanted || wanted.has(event.type)) await handler(event);
      checkpoint = event.globalPosition;
    }
  })().catch((error: unknown) => {
    stopped = true;
    onError?.(error);
  });
  return {
    get checkpoint() {
      return checkpoint;
    },
    caughtUp: () => done,
    async stop() {
      stopped = true;
      await done;
    },
  };
};
