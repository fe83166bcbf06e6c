import type { EventToAppend, StoredEvent } from '../events/envelope';
import { DEFAULT_HASH_ALGORITHM, GENESIS_HASH, type HashAlgorithm } from '../integrity/hash';
import { actualVersion, ConcurrencyError, matchesExpected } from './errors';
import { sealBatch, type StreamHead } from './memory-seal';
import { pollingSubscription } from './polling-subscription';
import type {
  AppendOptions,
  AppendResult,
  BatchAppend,
  EventStore,
  RawEventRecord,
  RawEventSource,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppendItem,
  SubscribeOptions,
  Subscription,
} from './port';


export interface InMemoryEventStoreOptions {
  /** Hash of the per-stream chain (spec §6): SHA-256 by default, SM3 (国密) as an option. */
  hashAlgorithm?: HashAlgorithm;
  /** The clock that stamps `recordedAt` when an event does not carry one. */
  now?: () => string;
}

export type InMemoryEventStore = EventStore & RawEventSource & BatchAppend;

interface StreamRecord {
  events: StoredEvent[];
  head: StreamHead;
}

const emptyHead = (): StreamHead => ({ length: 0, lastHash: GENESIS_HASH, lastOccurredMs: -Infinity, lastOccurredAt: undefined });

/** The store has been closed: nothing more is appended. */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  readonly kind = 'storeClosed' as const;
  constructor() {
    super('the event store is closed');
  }
}

/**
 * An event store held in memory (store URL `memory:`, tests, benchmarks). Same contract as the
 * durable adapters: expected versions, atomic appends, per-stream hash chain, global order.
 */
export const createInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): InMemoryEventStore => {
  const algorithm = options.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  const now = options.now ?? (() => new Date().toISOString());
  // The log in global order: index = globalPosition − 1; canonical texts alongside for readRaw.
  const log: StoredEvent[] = [];
  const canonicals: string[] = [];
  const streams = new Map<string, StreamRecord>();
  // Event ids are unique across the store (an import of the same log twice is refused).
  const eventIds = new Set<string>();
  const isStoredEventId = (eventId: string) => eventIds.has(eventId);
  const listeners = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const onAppend = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  /**
   * Every item is checked and sealed against the heads the items before it leave, before anything is
   * written, and nothing awaits in between: the whole call is atomic.
   */
  const appendAll = (items: readonly StreamAppendItem[]): AppendResult[] => {
    if (closed) throw new StoreClosedError();
    const heads = new Map<string, StreamHead>();
    const staged = new Set<string>();
    const isTaken = (eventId: string) => isStoredEventId(eventId) || staged.has(eventId);
    let lastGlobalPosition = log.length;
    const sealedItems = items.map(({ streamId, events, expectedVersion }) => {
      const head = heads.get(streamId) ?? streams.get(streamId)?.head ?? emptyHead();
      if (!matchesExpected(expectedVersion, head.length)) {
        throw new ConcurrencyError(streamId, expectedVersion ?? 'any', actualVersion(head.length));
      }
      const sealed = sealBatch({ streamId, head, lastGlobalPosition, algorithm, now, isStoredEventId: isTaken }, events);
      heads.set(streamId, sealed.head);
      for (const event of sealed.events) staged.add(event.eventId);
      lastGlobalPosition += sealed.events.length;
      return { streamId, sealed, lastGlobalPosition };
    });
    const before = log.length;
    for (const { streamId, sealed } of sealedItems) {
      const record = streams.get(streamId) ?? { events: [], head: sealed.head };
      for (let i = 0; i < sealed.events.length; i++) {
        const event = sealed.events[i] as StoredEvent;
        record.events.push(event);
        log.push(event);
        canonicals.push(sealed.canonicals[i] as string);
        eventIds.add(event.eventId);
      }
      record.head = sealed.head;
      streams.set(streamId, record);
    }
    if (log.length > before) for (const listener of listeners) listener();
    return sealedItems.map(({ sealed, lastGlobalPosition: last }) => ({ nextExpectedVersion: sealed.head.length - 1, lastGlobalPosition: last, events: sealed.events }));
  };

  return {
    denseGlobalPositions: true,
    async appendToStream(streamId: string, events: readonly EventToAppend[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      return appendAll([{ streamId, events, expectedVersion: appendOptions.expectedVersion }])[0] as AppendResult;
    },
    async appendMany(items: readonly StreamAppendItem[]): Promise<AppendResult[]> {
      return appendAll(items);
    },
    async readStream(streamId: string, readOptions: ReadStreamOptions = {}): Promise<StoredEvent[]> {
      const events = streams.get(streamId)?.events;
      if (!events) return [];
      const from = readOptions.from ?? 0;
      const to = readOptions.maxCount === undefined ? events.length : from + readOptions.maxCount;
      return events.slice(from, to);
    },

    readAll(readOptions: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
      return iterateLog(log, readOptions);
    },

    async *readRaw(rawOptions: { after?: number } = {}): AsyncIterable<RawEventRecord> {
      const end = log.length;
      for (let i = rawOptions.after ?? 0; i < end; i++) {
        const event = log[i] as StoredEvent;
        yield {
          globalPosition: event.globalPosition,
          streamId: event.streamId,
          streamPosition: event.streamPosition,
          canonical: canonicals[i] as string,
          prevHash: event.prevHash,
          hash: event.hash,
        };
      }
    },

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      const subscription = pollingSubscription(
        {
          readPage: (after, until, limit, types) => readPage(log, after, until, limit, types),
          head: () => log.length,
          listen: onAppend,
          // Every append to this log happens in this process and wakes the subscription at once.
          pollIntervalMs: 60_000,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      return subscription;
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      subscriptions.clear();
    },
  };
};

/** Up to `limit` events with after < global position ≤ until (index = position − 1), of `types` if given. */
const readPage = (log: readonly StoredEvent[], after: number, until: number, limit: number, types: readonly string[] | undefined): StoredEvent[] => {
  const end = Math.min(until, log.length);
  if (types === undefined) return log.slice(after, Math.min(end, after + limit));
  const page: StoredEvent[] = [];
  for (let i = after; i < end && page.length < limit; i++) {
    const event = log[i] as StoredEvent;
    if (types.includes(event.type)) page.push(event);
  }
  return page;
};

/**
 * Events after a checkpoint in global order, read from the array in place (no copy): rebuilding a
 * projection over a million in-memory events must run at hundreds of thousands of events a second.
 * The end is fixed when iteration starts, so a read sees one consistent prefix of the log.
 */
const iterateLog = (log: readonly StoredEvent[], { after = 0, maxCount = Infinity, types }: ReadAllOptions): AsyncIterable<StoredEvent> => ({
  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    const wanted = types ? new Set(types) : undefined;
    const end = log.length;
    let index = Math.max(0, after);
    let yielded = 0;
    return {
      next(): Promise<IteratorResult<StoredEvent>> {
        while (index < end && yielded < maxCount) {
          const event = log[index++] as StoredEvent;
          if (wanted === undefined || wanted.has(event.type)) {
            yielded += 1;
            return Promise.resolve({ value: event, done: false });
          }
        }
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  },
});
