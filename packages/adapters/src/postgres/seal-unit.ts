import {
  actualVersion,
  ConcurrencyError,
  matchesExpected,
  sealBatch,
  type ExpectedVersion,
  type HashAlgorithm,
  type SealedBatch,
  type StreamAppendItem,
  type StreamHead,
} from '@banjian/core';
import { EXPECTED_CODE } from './migrations';
import { EMPTY_HEAD, type StreamHeadCache } from './stream-heads';

/** One stream's part of an append (the port's `StreamAppendItem`). */
export type StreamAppend = StreamAppendItem;

/** A stream as the append function checks it: the expected version and the head the unit was sealed on. */
export interface CheckedStream {
  streamId: string;
  expected: ExpectedVersion | undefined;
  head: StreamHead;
}

/** An append sealed and ready to send: stored whole or not at all. */
export interface SealedUnit {
  parts: readonly StreamAppend[];
  batches: SealedBatch[];
  streams: CheckedStream[];
  /** Heads of the streams once the unit is stored. */
  after: Map<string, StreamHead>;
}

export interface SealContext {
  heads: StreamHeadCache;
  /** The stream's head as stored (and remembered in `heads`). */
  readHead: (streamId: string) => Promise<StreamHead>;
  algorithm: HashAlgorithm;
  now: () => string;
}

export const expectedCode = (expected: ExpectedVersion | undefined): number =>
  expected === undefined || expected === 'any' ? EXPECTED_CODE.any : typeof expected === 'number' ? expected : EXPECTED_CODE[expected];

// Ids already stored are refused by the events table's unique index, in the same round trip.
const notKnownHere = () => false;

/**
 * Seal each part on its stream's head as this process knows it, reading the head only when it is
 * unknown (and the stream is not expected to be new), marked `fresh` (known stale), or does not
 * satisfy the expected version (the cache may be behind; the stream only grows). Throws `ConcurrencyError` or `InvalidEventError`.
 */
export const sealUnit = async (ctx: SealContext, parts: readonly StreamAppend[], fresh: ReadonlySet<string>): Promise<SealedUnit> => {
  // A stream named twice in one unit continues from its own first part.
  const after = new Map<string, StreamHead>();
  const streams: CheckedStream[] = [];
  const batches: SealedBatch[] = [];
  for (const part of parts) {
    const { streamId, expectedVersion } = part;
    let head = after.get(streamId);
    if (head === undefined) {
      const cached = fresh.has(streamId) ? undefined : ctx.heads.get(streamId);
      if (cached) head = matchesExpected(expectedVersion, cached.length) ? cached : await ctx.readHead(streamId);
      // A stream expected not to exist is sealed from the genesis head without reading: the append
      // function refuses it (a concurrency error) if the stream exists after all.
      else head = expectedVersion === 'noStream' && !fresh.has(streamId) ? EMPTY_HEAD : await ctx.readHead(streamId);
      streams.push({ streamId, expected: expectedVersion, head });
    }
    if (!matchesExpected(expectedVersion, head.length)) throw new ConcurrencyError(streamId, expectedVersion ?? 'any', actualVersion(head.length));
    const batch = sealBatch({ streamId, head, lastGlobalPosition: 0, algorithm: ctx.algorithm, now: ctx.now, isStoredEventId: notKnownHere }, part.events);
    after.set(streamId, batch.head);
    batches.push(batch);
  }
  return { parts, batches, streams, after };
};
