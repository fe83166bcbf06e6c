import {
  StoreClosedError,
  type AppendResult,
  type EventStore,
  type HashAlgorithm,
  type RawEventRecord,
  type RawEventSource,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '@banjian/core';
import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import type { PostgresEventStoreOptions } from '../postgres/store';
import { createStreamHeadCache, EMPTY_HEAD, headAfter } from '../postgres/stream-heads';
import { ownEventsBetween } from './all-events';
import { createAppender } from './append';
import { drain } from './drain';
import { resolveHashAlgorithm } from './hash-setting';
import { lastOwnPosition } from './log-head';
import { toRecord, toStoredEvent } from './records';
import { checkStreamPrefix, DEFAULT_STREAM_PREFIX, toEsdbStreamName } from './stream-names';
import { catchUpSubscription } from './subscription';

/** Chain hash, head cache and clock mean what they mean for the PostgreSQL store. */
export interface EventStoreDbEventStoreOptions extends Pick<PostgresEventStoreOptions, 'hashAlgorithm' | 'headCacheSize' | 'now'> {
  /** `esdb://host:2113?tls=false` (any connection string the client takes); or give a `client`. */
  connectionString?: string;
  /** A client of your own, which the store then does not dispose of. */
  client?: EventStoreDBClient;
  /**
   * Prefix of the EventStoreDB stream names (default `banjian`: `case-1` ↔ `banjianCase-1`);
   * lower-case letters and digits. Two prefixes are two separate stores on one server.
   */
  streamPrefix?: string;
}

export type EventStoreDbEventStore = EventStore &
  RawEventSource & {
    readonly client: EventStoreDBClient;
    readonly hashAlgorithm: HashAlgorithm;
    readonly streamPrefix: string;
  };

/**
 * The store on EventStoreDB (gRPC client `@eventstore/db-client`). One of our streams is one
 * EventStoreDB stream (see `toEsdbStreamName`); the event data is the hashed canonical text and
 * the metadata its chain links; `globalPosition` is the event's `$all` commit position (increasing,
 * not dense). Reads of the log and subscriptions are `$all` catch-up subscriptions filtered on the
 * server to our streams. Append-only: the adapter has no delete or truncate path.
 */
export const createEventStoreDbEventStore = async (options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> => {
  if (!options.client && !options.connectionString) throw new TypeError('createEventStoreDbEventStore: give a connectionString or a client');
  const prefix = checkStreamPrefix(options.streamPrefix ?? DEFAULT_STREAM_PREFIX);
  const ownClient = !options.client;
  const client = options.client ?? EventStoreDBClient.connectionString(options.connectionString as string);
  let algorithm: HashAlgorithm;
  try {
    algorithm = await resolveHashAlgorithm(client, prefix, options.hashAlgorithm);
  } catch (error) {
    if (ownClient) await client.dispose();
    throw error;
  }

  const heads = createStreamHeadCache(options.headCacheSize ?? 10_000);
  const lastPosition = () => lastOwnPosition(client, prefix);
  const append = createAppender({ client, prefix, heads, algorithm, now: options.now ?? (() => new Date().toISOString()), lastPosition });
  const subscriptions = new Set<Subscription>();
  let closed = false;

  async function* records(after: number) {
    const end = await lastPosition();
    for await (const resolved of ownEventsBetween(client, prefix, after, end)) yield toRecord(resolved, prefix);
  }

  return {
    client,
    hashAlgorithm: algorithm,
    streamPrefix: prefix,

    async appendToStream(streamId, events, appendOptions = {}): Promise<AppendResult> {
      if (closed) throw new StoreClosedError();
      return append(streamId, events, appendOptions.expectedVersion);
    },

    async readStream(streamId, { from = 0, maxCount }: ReadStreamOptions = {}): Promise<StoredEvent[]> {
      if (maxCount !== undefined && maxCount <= 0) return [];
      const events: StoredEvent[] = [];
      try {
        const read = client.readStream(toEsdbStreamName(streamId, prefix), { fromRevision: BigInt(from), ...(maxCount === undefined ? {} : { maxCount }) });
        for (const resolved of await drain(read)) events.push(toStoredEvent(toRecord(resolved, prefix)));
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
        if (from === 0) heads.offer(streamId, EMPTY_HEAD);
        return [];
      }
      const last = events[events.length - 1];
      if (maxCount === undefined && last) heads.offer(streamId, headAfter(last));
      return events;
    },

    async *readAll({ after = 0, maxCount = Infinity, types }: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
      if (maxCount <= 0) return;
      const wanted = types ? new Set(types) : undefined;
      let yielded = 0;
      for await (const record of records(after)) {
        if (wanted && !wanted.has(record.type)) continue;
        yield toStoredEvent(record);
        if (++yielded >= maxCount) return;
      }
    },

    async *readRaw({ after = 0 }: { after?: number } = {}): AsyncGenerator<RawEventRecord> {
      for await (const record of records(after)) yield record.raw;
    },

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      const subscription = catchUpSubscription({ client, prefix, lastPosition }, subscribeOptions);
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      subscriptions.clear();
      if (ownClient) await client.dispose();
    },
  };
};
