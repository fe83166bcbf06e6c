import { namesReader, type ReaderLocation } from './reader-location';
import type { EventToAppend, StoredEvent } from '../events/envelope';

/**
 * What the writer expects of the stream: an exact version (the stream position of its last event),
 * no stream yet, a stream that exists, or anything.
 */
export type ExpectedVersion = number | 'noStream' | 'streamExists' | 'any';

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** The stream position of the last event appended: the version to expect next. */
  nextExpectedVersion: number;
  /** The global position of the last event appended. */
  lastGlobalPosition: number;
  /** The events as stored (positions, recordedAt, prevHash, hash filled in). */
  events: StoredEvent[];
}

export interface ReadStreamOptions {
  /** First stream position to read (inclusive); default 0. */
  from?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** A checkpoint: read events with a global position greater than this; default 0 (from the start). */
  after?: number;
  maxCount?: number;
  /** Only events of these types. */
  types?: readonly string[];
}

export interface SubscribeOptions {
  /** Checkpoint to resume from (exclusive); default 0. */
  after?: number;
  /** Called once per event, in global order; the next event waits for the returned promise. */
  handler: (event: StoredEvent) => void | Promise<void>;
  types?: readonly string[];
  /** Called when the subscription stops because the handler failed (a store failure is retried: see `onRetry`). */
  onError?: (error: unknown) => void;
  /**
   * Called each time reading the store failed (connection lost, server restarting, …): the
   * subscription reads again from its checkpoint after `delayMs` and never stops for a store failure.
   */
  onRetry?: (retry: SubscriptionRetry) => void;
  /** Longest wait between attempts after store failures (default 5,000 ms; the wait doubles from 50 ms). */
  maxRetryDelayMs?: number;
}

/** A store failure a subscription rides out: the error, the how-manieth failure in a row, the wait before the next read. */
export interface SubscriptionRetry {
  readonly error: unknown;
  readonly attempt: number;
  readonly delayMs: number;
  readonly checkpoint: number;
}

export interface Subscription {
  /** The global position of the last event handled. */
  readonly checkpoint: number;
  /** Resolves once every event stored before this call has been handled (catch-up reached it). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The store port: append with an expected version, read a stream, read all from a global
 * position, subscribe. Append-only: no adapter has an update or delete path (spec §6).
 * Global positions are positive, strictly increasing in commit order; 0 means "before the first".
 */
export interface EventStore {
  appendToStream(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** One stored event as its bytes: the canonical text that was hashed, with its chain links. */
export interface RawEventRecord {
  globalPosition: number;
  streamId: string;
  streamPosition: number;
  /** The RFC 8785 text that was hashed (envelope without hash and globalPosition). */
  canonical: string;
  prevHash: string;
  hash: string;
  /**
   * Columns a store keeps beside the hashed text for its readers (filtered reads, duplicate checks,
   * the stream's time order), when it has them: verify holds each to the hashed text.
   */
  type?: string;
  eventId?: string;
  occurredAt?: string;
}

/**
 * Stores that keep the hashed bytes expose them, so verify hashes stored bytes without parsing or
 * re-canonicalising (spec §6, performance.md).
 */
export interface RawEventSource {
  readRaw(options?: { after?: number }): AsyncIterable<RawEventRecord>;
  /** The store numbers its log 1, 2, 3… without holes (memory, SQLite): verify reports a hole as deleted rows. */
  readonly denseGlobalPositions?: boolean;
}

export const hasRawEvents = (store: EventStore): store is EventStore & RawEventSource =>
  typeof (store as Partial<RawEventSource>).readRaw === 'function';

/** A thread's own reader of a log's stored bytes (see `RawRangeSource`). */
export interface RawRangeReader {
  /** The last global position stored (0 for an empty log). */
  lastGlobalPosition(): number;
  /** The records with after < globalPosition ≤ until, in global order, read synchronously. */
  read(after: number, until: number): Iterable<RawEventRecord>;
  close(): void;
}

/** Where another thread opens a log's stored bytes: the module exports `openRawRangeReader(args): RawRangeReader`. */
export type RawRangeLocation = ReaderLocation;

/**
 * Stores whose log each thread can read itself, a global-position range at a time, so verify
 * splits the log across cores instead of reading it on one (spec §6, performance.md).
 */
export interface RawRangeSource {
  readonly rawRanges: RawRangeLocation;
}

export const hasRawRanges = (source: unknown): source is RawRangeSource => namesReader(source, 'rawRanges');

/** One stream's part of a multi-stream append. */
export interface StreamAppendItem {
  streamId: string;
  events: readonly EventToAppend[];
  expectedVersion?: ExpectedVersion;
}

/**
 * Stores that can append to several streams in one transaction (memory, SQLite, PostgreSQL):
 * every item is stored or none is. Items apply in order — a stream named twice continues from its
 * earlier item, each expected version checked against the stream as the items before left it —
 * and global positions follow item order. Import uses it to be all-or-nothing.
 */
export interface BatchAppend {
  appendMany(items: readonly StreamAppendItem[]): Promise<AppendResult[]>;
}

export const supportsBatchAppend = (store: EventStore): store is EventStore & BatchAppend =>
  typeof (store as Partial<BatchAppend>).appendMany === 'function';
