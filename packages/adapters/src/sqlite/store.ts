import type Database from 'better-sqlite3';
import {
  actualVersion,
  ConcurrencyError,
  DEFAULT_HASH_ALGORITHM,
  GENESIS_HASH,
  InvalidEventError,
  matchesExpected,
  sealBatch,
  StoreClosedError,
  type AppendOptions,
  type CheckpointStore,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type BatchAppend,
  type StreamAppendItem,
  type HashAlgorithm,
  type InlineProjection,
  type InlineProjectionHost,
  type RawEventRecord,
  type RawEventSource,
  type RawRangeLocation,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamHead,
  type SubscribeOptions,
  type Subscription,
} from '@banjian/core';
import { createSqliteCheckpointStore } from './checkpoints';
import { loadBetterSqlite3, openSqliteDatabase } from './driver';
import { HashAlgorithmMismatchError, InlineProjectionError } from './errors';
import { pollingSubscription, type EventRangeLocation } from '@banjian/core';
import { RAW_PAGE_SQL, rawRecordsBetween } from './raw-range';
import { rangeLocationsOf } from './range-locations';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './rows';
import { migrate } from './schema';
import { createWriteCache } from './write-cache';

export interface SqliteEventStoreOptions {
  /** The database file (`:memory:` for a private in-memory database). */
  path: string;
  /** Chain hash for a new file; an existing file keeps the one it was created with. */
  hashAlgorithm?: HashAlgorithm;
  /**
   * `FULL` (default): an acknowledged append survives power loss. `NORMAL`: survives a process
   * crash, may lose the last commits on power loss (WAL), about six times faster.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often live subscriptions look for appends by other processes (in-process appends wake them at once). */
  pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /** Stamps `recordedAt` when an event does not carry one. */
  now?: () => string;
}

/** What an inline projection gets inside the append's transaction. */
export interface SqliteTx {
  readonly db: Database.Database;
  /** A prepared statement, cached by its SQL text for the life of the store. */
  prepare(sql: string): Database.Statement;
}

export type SqliteEventStore = EventStore &
  RawEventSource &
  BatchAppend &
  InlineProjectionHost<SqliteTx> & {
    readonly path: string;
    readonly hashAlgorithm: HashAlgorithm;
    /** Signed Merkle checkpoints over this log, kept in the same file. */
    readonly checkpoints: CheckpointStore;
    /**
     * Runs `work` as one transaction: each append inside it is still checked and sealed on its own
     * (a savepoint), and all of them commit together — one fsync for the unit — or none does if
     * `work` throws. The transaction belongs to the connection: nothing else may use the store until
     * the unit settles (the hall simulator groups a simulated day this way).
     */
    unitOfWork<T>(work: () => Promise<T>): Promise<T>;
    /**
     * The log after a global position, a page (up to `pageSize` events, default 1024) per
     * iteration: what a full rebuild reads (one promise per page, not per event).
     */
    readAllPages(options?: { after?: number; pageSize?: number }): AsyncGenerator<StoredEvent[]>;
    /** Where another thread opens this file's stored bytes read-only, for a ranged verify (absent for an in-memory database). */
    readonly rawRanges?: RawRangeLocation;
    /** Where another thread opens this file's events read-only (absent for an in-memory database). */
    readonly eventRanges?: EventRangeLocation;
  };

const PAGE = 1000;
const BULK_PAGE = 1024;
const EMPTY_HEAD: StreamHead = { length: 0, lastHash: GENESIS_HASH, lastOccurredMs: -Infinity, lastOccurredAt: undefined };

const isUniqueViolation = (error: unknown, index: string): boolean =>
  error instanceof loadBetterSqlite3().SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes(index);

/**
 * The embedded default store: one SQLite file in WAL mode. Each append is one `BEGIN IMMEDIATE`
 * transaction (one fsync with `synchronous=FULL`) that reads the stream head (unless this
 * connection's own last append left it: write-cache.ts), seals the batch into the hash chain,
 * inserts the canonical texts and runs the inline projections.
 */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  const { path } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const db = openSqliteDatabase(path);
  // The busy timeout first: several processes may open (and migrate) a new file at once.
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  try {
    migrate(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  const algorithm = resolveAlgorithm(db, path, options.hashAlgorithm);

  const statements = new Map<string, Database.Statement>();
  const tx: SqliteTx = {
    db,
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };

  const sql = {
    streamHead: db.prepare('SELECT stream_position, hash, occurred_at FROM events WHERE stream_id = ? ORDER BY stream_position DESC LIMIT 1').raw(),
    // Plain max() over the rowid is one b-tree descent; wrapped in another function it would scan.
    lastGlobal: db.prepare('SELECT max(global_position) FROM events').pluck(),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    insert: db.prepare(
      'INSERT INTO events (global_position, stream_id, stream_position, event_id, type, command_id, occurred_at, canonical, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    readStream: db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_position >= ? ORDER BY stream_position LIMIT ?`)
      .raw(),
    readAll: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?`).raw(),
    readAllOfTypes: db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? AND global_position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY global_position LIMIT ?`,
      )
      .raw(),
    readRaw: db.prepare(RAW_PAGE_SQL).raw(),
    checkpoint: db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').pluck(),
    saveCheckpoint: db.prepare(
      'INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    ),
  };

  const lastGlobal = () => (sql.lastGlobal.get() as number | null) ?? 0;
  const readPage = (after: number, end: number, limit: number, types: readonly string[] | undefined): StoredEvent[] => {
    const rows = (
      types ? sql.readAllOfTypes.all(after, end, JSON.stringify(types), limit) : sql.readAll.all(after, end, limit)
    ) as EventRow[];
    return rows.map(eventFromRow);
  };

  /**
   * The stored bytes after a position, read a page at a time. SQLite reads synchronously, so the
   * records are also a plain iterable: `verifyLog` walks those without an await per record.
   */
  const rawPages = (after: number) => rawRecordsBetween(sql.readRaw, after, lastGlobal());
  const rawRecords = (after: number): AsyncIterable<RawEventRecord> & Iterable<RawEventRecord> => ({
    [Symbol.iterator]: () => rawPages(after),
    async *[Symbol.asyncIterator]() {
      yield* rawPages(after);
    },
  });

  const projections: InlineProjection<SqliteTx>[] = [];
  const runProjection = (projection: InlineProjection<SqliteTx>, events: readonly StoredEvent[]) => {
    const wanted = projection.types;
    const relevant = wanted ? events.filter((e) => wanted.includes(e.type)) : events;
    if (relevant.length === 0) return;
    try {
      projection.apply(tx, relevant);
    } catch (error) {
      throw new InlineProjectionError(projection.name, `failed, nothing was appended: ${(error as Error).message ?? String(error)}`, { cause: error });
    }
    sql.saveCheckpoint.run(projection.name, (relevant[relevant.length - 1] as StoredEvent).globalPosition);
  };

  const storedHead = (streamId: string): StreamHead => {
    const row = sql.streamHead.get(streamId) as [number, string, string] | undefined;
    return row ? { length: row[0] + 1, lastHash: row[1], lastOccurredAt: row[2], lastOccurredMs: Date.parse(row[2]) } : EMPTY_HEAD;
  };
  // Heads and the log's end as our own appends left them: no reads while no one else writes.
  const written = createWriteCache();

  /** Check, seal and insert one stream's events inside the current transaction; projections run after. */
  const appendItem = (streamId: string, events: readonly EventToAppend[], expectedVersion: ExpectedVersion | undefined): AppendResult => {
    written.validate(sql.dataVersion.get() as number);
    const head = written.head(streamId) ?? storedHead(streamId);
    const { length } = head;
    if (!matchesExpected(expectedVersion, length)) throw new ConcurrencyError(streamId, expectedVersion ?? 'any', actualVersion(length));
    const before = written.lastGlobal() ?? lastGlobal();
    // The unique index on event_id refuses a stored id at insert (mapped below) without a look-up here.
    const sealed = sealBatch({ streamId, head, lastGlobalPosition: before, algorithm, now, isStoredEventId: () => false }, events);
    sealed.events.forEach((event, index) => {
      try {
        sql.insert.run(
          event.globalPosition,
          streamId,
          event.streamPosition,
          event.eventId,
          event.type,
          event.commandId ?? null,
          event.occurredAt,
          sealed.canonicals[index],
          event.prevHash,
          event.hash,
        );
      } catch (error) {
        if (isUniqueViolation(error, 'events.event_id')) throw new InvalidEventError(streamId, 'eventId', `${event.eventId} is already stored`, index);
        throw error;
      }
    });
    written.wrote(streamId, sealed.head, before + sealed.events.length);
    return {
      nextExpectedVersion: sealed.head.length - 1,
      lastGlobalPosition: sealed.events.length > 0 ? before + sealed.events.length : before,
      events: sealed.events,
    };
  };

  const projectAll = (results: readonly AppendResult[]) => {
    const stored = results.length === 1 ? (results[0] as AppendResult).events : results.flatMap((r) => r.events);
    if (stored.length > 0) for (const projection of projections) runProjection(projection, stored);
  };

  const append = db.transaction((streamId: string, events: readonly EventToAppend[], appendOptions: AppendOptions): AppendResult => {
    const result = appendItem(streamId, events, appendOptions.expectedVersion);
    projectAll([result]);
    return result;
  });

  const appendMany = db.transaction((items: readonly StreamAppendItem[]): AppendResult[] => {
    const results = items.map((item) => appendItem(item.streamId, item.events, item.expectedVersion));
    projectAll(results);
    return results;
  });

  /** A failed append (or its commit) is rolled back: what it wrote is forgotten with it. */
  const rollingBack = <T>(write: () => T): T => {
    try {
      return write();
    } catch (error) {
      written.forget();
      throw error;
    }
  };

  const listeners = new Set<() => void>();
  // While a unit of work is open, the connection sees its uncommitted rows: subscriptions (which
  // read through the same connection) stop at the log as it was when the unit began, and are woken
  // only when it commits, so they never hand out an event that a rollback takes back.
  let unitBase: number | undefined;
  const committedHead = () => unitBase ?? lastGlobal();
  const notify = () => {
    if (unitBase === undefined) for (const listener of listeners) listener();
  };
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const store: SqliteEventStore = {
    path,
    hashAlgorithm: algorithm,
    checkpoints: createSqliteCheckpointStore(db),
    ...rangeLocationsOf(path),
    // Positions are max + 1 inside the writing transaction: a hole is a deleted row.
    denseGlobalPositions: true,

    async appendToStream(streamId, events, appendOptions = {}) {
      if (closed) throw new StoreClosedError();
      const result = rollingBack(() => append.immediate(streamId, events, appendOptions));
      if (result.events.length > 0) notify();
      return result;
    },

    async appendMany(items) {
      if (closed) throw new StoreClosedError();
      const results = rollingBack(() => appendMany.immediate(items));
      if (results.some((r) => r.events.length > 0)) notify();
      return results;
    },

    async unitOfWork(work) {
      if (closed) throw new StoreClosedError();
      if (db.inTransaction) throw new Error(`a unit of work is already open on ${path}`);
      db.exec('BEGIN IMMEDIATE');
      unitBase = lastGlobal();
      try {
        const result = await work();
        db.exec('COMMIT');
        unitBase = undefined;
        notify();
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        written.forget();
        unitBase = undefined;
        throw error;
      }
    },

    async readStream(streamId, readOptions: ReadStreamOptions = {}) {
      const rows = sql.readStream.all(streamId, readOptions.from ?? 0, readOptions.maxCount ?? -1) as EventRow[];
      return rows.map(eventFromRow);
    },

    async *readAll({ after = 0, maxCount = Infinity, types }: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
      const end = lastGlobal();
      let position = after;
      let left = maxCount;
      while (left > 0) {
        const limit = Math.min(PAGE, left);
        const page = readPage(position, end, limit, types);
        for (const event of page) yield event;
        if (page.length < limit) return;
        position = (page[page.length - 1] as StoredEvent).globalPosition;
        left -= page.length;
      }
    },

    async *readAllPages({ after = 0, pageSize = BULK_PAGE }: { after?: number; pageSize?: number } = {}): AsyncGenerator<StoredEvent[]> {
      const end = lastGlobal();
      let position = after;
      for (;;) {
        const page = readPage(position, end, pageSize, undefined);
        if (page.length > 0) yield page;
        if (page.length < pageSize) return;
        position = (page[page.length - 1] as StoredEvent).globalPosition;
      }
    },

    readRaw({ after = 0 }: { after?: number } = {}): AsyncIterable<RawEventRecord> & Iterable<RawEventRecord> {
      return rawRecords(after);
    },

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      const subscription = pollingSubscription(
        {
          head: committedHead,
          readPage,
          listen(wake) {
            listeners.add(wake);
            return () => void listeners.delete(wake);
          },
          pollIntervalMs: options.pollIntervalMs ?? 100,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      return subscription;
    },

    async registerInlineProjection(projection) {
      if (projections.some((p) => p.name === projection.name)) throw new InlineProjectionError(projection.name, 'is already registered');
      const catchUp = db.transaction((): number => {
        projection.init?.(tx);
        let position = (sql.checkpoint.get(projection.name) as number | undefined) ?? 0;
        const end = lastGlobal();
        for (;;) {
          const page = readPage(position, end, PAGE, projection.types);
          if (page.length > 0) {
            runProjection(projection, page);
            position = (page[page.length - 1] as StoredEvent).globalPosition;
          }
          if (page.length < PAGE) return position;
        }
      });
      const checkpoint = catchUp.immediate();
      projections.push(projection);
      return checkpoint;
    },

    async inlineCheckpoint(name) {
      return (sql.checkpoint.get(name) as number | undefined) ?? 0;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      subscriptions.clear();
      db.close();
    },
  };
  return store;
};

/** A new file records the algorithm it chains with; an existing one must be opened with the same. */
const resolveAlgorithm = (db: Database.Database, path: string, requested: HashAlgorithm | undefined): HashAlgorithm => {
  const stored = db.prepare("SELECT value FROM store_meta WHERE key = 'hash_algorithm'").pluck().get() as HashAlgorithm | undefined;
  if (stored === undefined) {
    const algorithm = requested ?? DEFAULT_HASH_ALGORITHM;
    db.prepare("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('hash_algorithm', ?)").run(algorithm);
    return db.prepare("SELECT value FROM store_meta WHERE key = 'hash_algorithm'").pluck().get() as HashAlgorithm;
  }
  if (requested !== undefined && requested !== stored) {
    db.close();
    throw new HashAlgorithmMismatchError(path, stored, requested);
  }
  return stored;
};
