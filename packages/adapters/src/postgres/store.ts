import {
  DEFAULT_HASH_ALGORITHM,
  StoreClosedError,
  type AppendResult,
  type BatchAppend,
  type CheckpointStore,
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
import type pg from 'pg';
import { HashAlgorithmMismatchError } from '../sqlite/errors';
import { pollingSubscription } from '@banjian/core';
import { eventFromRow, rawFromRow, type EventRow, type RawRow } from '../sqlite/rows';
import { createAppender, type StoreRetry } from './append';
import { checkout, createPool, type PoolOptions } from './connection';
import { createPostgresCheckpointStore } from './checkpoint-store';
import { migratePostgres } from './migrations';
import { createListener, createNotifier } from './notifications';
import { createQueries, type Queries } from './queries';
import type { StreamAppend } from './seal-unit';
import { checkSchemaName, DEFAULT_SCHEMA, notifyChannel } from './schema-name';
import { createStreamHeadCache, EMPTY_HEAD, headAfter } from './stream-heads';

export interface PostgresEventStoreOptions {
  /**
   * `postgres://user@host:port/database`, or a host list `postgres://user@h1:p1,h2:p2/database`
   * (a primary and its standbys: writes go to the one not read-only, and to the new primary after a
   * failover; see `createPool`); or give a `pool` (which the store then does not end).
   */
  connectionString?: string;
  pool?: pg.Pool;
  /** The PostgreSQL schema holding the store's tables (default `banjian`); created on open. */
  schema?: string;
  /** Chain hash for a new store; an existing one keeps the one it was created with. */
  hashAlgorithm?: HashAlgorithm;
  /** Connections of the pool the store makes from `connectionString` (default 10). */
  poolSize?: number;
  /** How often live subscriptions poll when no notification comes (default 1 s). */
  pollIntervalMs?: number;
  /** At most one NOTIFY to other processes per this many milliseconds of appends (default 5; see `createNotifier`). */
  notifyIntervalMs?: number;
  /**
   * Groups of appends in flight at once, each on its own connection (default 2). Appends that
   * arrive meanwhile go together in the next group: one round trip and one commit for all of them;
   * beside a group in flight, the next goes once it is as large. Fewer, larger groups cost this
   * process and the server less CPU a command (measured with 8 writers: 2 beat 4).
   */
  writeConcurrency?: number;
  /** Streams whose head this process remembers to seal appends without reading (default 10,000). */
  headCacheSize?: number;
  /** Stamps `recordedAt` when an event does not carry one. */
  now?: () => string;
  /**
   * How long an append rides out a lost connection, a terminated backend or a restarting server
   * (resending the same sealed events, so it is stored at most once) before it fails with
   * `StoreUnavailableError` (default 30,000 ms).
   */
  retryForMs?: number;
  /** Told of each connection failure an append rides out (log it, count it, raise an alarm). */
  onRetry?: (retry: StoreRetry) => void;
  /** With a host list: told of each server that new connections go to (the first, and each after a failover). */
  onHostChosen?: PoolOptions['onHostChosen'];
}

export type PostgresEventStore = EventStore &
  RawEventSource &
  BatchAppend & {
    readonly schema: string;
    readonly hashAlgorithm: HashAlgorithm;
    readonly pool: pg.Pool;
    /** Signed checkpoints of this log, kept in the same schema. */
    readonly checkpoints: CheckpointStore;
  };

const PAGE = 1000;

/** The pages of a read, in order, until a short page or `maxCount` events. */
async function* paged<T>(maxCount: number, read: (after: number, limit: number) => Promise<T[]>, positionOf: (item: T) => number, after: number) {
  let position = after;
  let left = maxCount;
  while (left > 0) {
    const limit = Math.min(PAGE, left);
    const page = await read(position, limit);
    yield* page;
    if (page.length < limit) return;
    position = positionOf(page[page.length - 1] as T);
    left -= page.length;
  }
}

const resolveAlgorithm = async (pool: pg.Pool, queries: Queries, schema: string, requested: HashAlgorithm | undefined): Promise<HashAlgorithm> => {
  await pool.query(queries.claimHashAlgorithm([requested ?? DEFAULT_HASH_ALGORITHM]));
  const { rows } = await pool.query(queries.hashAlgorithm([]));
  const stored = (rows[0] as [HashAlgorithm])[0];
  if (requested !== undefined && requested !== stored) throw new HashAlgorithmMismatchError(`postgres schema ${schema}`, stored, requested);
  return stored;
};

/**
 * The server store: events in one PostgreSQL schema. An append is one round trip to a PL/pgSQL
 * function (expected version, chain head, insert); readers of the global log see only settled
 * transactions, so no reader ever skips an event that commits late; live subscriptions wake on
 * LISTEN/NOTIFY and poll as a fallback.
 */
export const createPostgresEventStore = async (options: PostgresEventStoreOptions): Promise<PostgresEventStore> => {
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
  if (!options.pool && !options.connectionString) throw new TypeError('createPostgresEventStore: give a connectionString or a pool');
  const ownPool = !options.pool;
  const pool =
    options.pool ??
    createPool(options.connectionString as string, { max: options.poolSize ?? 10, ...(options.onHostChosen ? { onHostChosen: options.onHostChosen } : {}) });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  if (ownPool) pool.on('error', () => undefined);
  const queries = createQueries(schema);
  let algorithm: HashAlgorithm;
  try {
    const { client, release } = await checkout(pool);
    try {
      await migratePostgres(client, schema);
    } finally {
      release();
    }
    algorithm = await resolveAlgorithm(pool, queries, schema, options.hashAlgorithm);
  } catch (error) {
    if (ownPool) await pool.end();
    throw error;
  }

  const heads = createStreamHeadCache(options.headCacheSize ?? 10_000);
  const channel = notifyChannel(schema);
  const notifier = createNotifier(pool, channel, options.notifyIntervalMs ?? 5);
  const append = createAppender({
    pool,
    queries,
    heads,
    algorithm,
    now: options.now ?? (() => new Date().toISOString()),
    writeConcurrency: options.writeConcurrency ?? 2,
    notifier,
    retryForMs: options.retryForMs ?? 30_000,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const listener = createListener(pool, channel);
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const rowsOf = async <R>(config: pg.QueryArrayConfig): Promise<R[]> => (await pool.query(config)).rows as R[];
  const settledHead = async () => ((await rowsOf<[number]>(queries.settledHead([])))[0] as [number])[0];

  const appendParts = async (parts: readonly StreamAppend[]): Promise<AppendResult[]> => {
    if (closed) throw new StoreClosedError();
    const results = await append(parts);
    // Other processes hear of it through the notifier (see the group writer).
    if (results.some((r) => r.events.length > 0)) listener.wakeAll();
    return results;
  };

  return {
    schema,
    hashAlgorithm: algorithm,
    pool,
    checkpoints: createPostgresCheckpointStore(pool, schema),

    async appendToStream(streamId, events, appendOptions = {}) {
      const [result] = await appendParts([{ streamId, events, expectedVersion: appendOptions.expectedVersion }]);
      return result as AppendResult;
    },

    appendMany: appendParts,

    async readStream(streamId, { from = 0, maxCount }: ReadStreamOptions = {}) {
      const events = (await rowsOf<EventRow>(queries.readStream([streamId, from, maxCount ?? null]))).map(eventFromRow);
      if (maxCount === undefined) {
        const last = events[events.length - 1];
        if (last) heads.offer(streamId, headAfter(last));
        else if (from === 0) heads.offer(streamId, EMPTY_HEAD);
      }
      return events;
    },

    async *readAll({ after = 0, maxCount = Infinity, types }: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
      // The end is fixed when the read starts: everything up to the settled head is final.
      const end = await settledHead();
      const read = async (position: number, limit: number) =>
        (await rowsOf<EventRow>(types ? queries.readRangeOfTypes([position, end, limit, types]) : queries.readRange([position, end, limit]))).map(eventFromRow);
      yield* paged(maxCount, read, (e) => e.globalPosition, after);
    },

    async *readRaw({ after = 0 }: { after?: number } = {}): AsyncGenerator<RawEventRecord> {
      const end = await settledHead();
      const read = async (position: number, limit: number) => (await rowsOf<RawRow>(queries.readRawRange([position, end, limit]))).map(rawFromRow);
      yield* paged(Infinity, read, (r) => r.globalPosition, after);
    },

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      const subscription = pollingSubscription(
        {
          head: settledHead,
          readPage: async (after, until, limit, types) =>
            (await rowsOf<EventRow>(types ? queries.readRangeOfTypes([after, until, limit, types]) : queries.readRange([after, until, limit]))).map(eventFromRow),
          listen: listener.listen,
          pollIntervalMs: options.pollIntervalMs ?? 1000,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      subscriptions.clear();
      await listener.close();
      await notifier.flush();
      if (ownPool) await pool.end();
    },
  };
};
