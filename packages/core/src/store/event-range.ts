import type { StoredEvent } from '../events/envelope';
import { namesReader, type ReaderLocation } from './reader-location';

/** A thread's own reader of a log's events by global position range (see `EventRangeSource`). */
export interface EventRangeReader {
  /** The last global position stored (0 for an empty log). */
  lastGlobalPosition(): number;
  /** The events with after < globalPosition ≤ until, in global order, a page at a time, read synchronously. */
  pages(after: number, until: number): Iterable<readonly StoredEvent[]>;
  close(): void;
}

/** Where a thread opens a log's events itself: the module exports `openEventRangeReader(args): EventRangeReader`. */
export type EventRangeLocation = ReaderLocation;

/**
 * Stores whose events each thread can read itself, a global-position range at a time, so a
 * rebuild folds two ranges of the log on two cores (performance.md).
 */
export interface EventRangeSource {
  readonly eventRanges: EventRangeLocation;
}

export const hasEventRanges = (source: unknown): source is EventRangeSource => namesReader(source, 'eventRanges');

/** What a module named by an `EventRangeLocation` exports. */
export type OpenEventRangeReader = (args: unknown) => EventRangeReader;
