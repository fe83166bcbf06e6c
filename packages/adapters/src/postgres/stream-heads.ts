import { GENESIS_HASH, type StreamHead } from '@banjian/core';

export const EMPTY_HEAD: StreamHead = { length: 0, lastHash: GENESIS_HASH, lastOccurredMs: -Infinity, lastOccurredAt: undefined };

export const headAfter = (last: { streamPosition: number; hash: string; occurredAt: string }): StreamHead => ({
  length: last.streamPosition + 1,
  lastHash: last.hash,
  lastOccurredAt: last.occurredAt,
  lastOccurredMs: Date.parse(last.occurredAt),
});

/**
 * Where this process last saw each stream end, so a writer can seal a batch without reading the
 * stream first. A stream only grows, so a cached head is never ahead of the store; the append
 * function refuses a batch sealed on a stale head, and the writer then reads the head and reseals.
 */
export interface StreamHeadCache {
  get(streamId: string): StreamHead | undefined;
  /** Remember a head unless a longer one is already known. */
  offer(streamId: string, head: StreamHead): void;
  forget(streamId: string): void;
  clear(): void;
}

export const createStreamHeadCache = (capacity: number): StreamHeadCache => {
  const heads = new Map<string, StreamHead>();
  return {
    get: (streamId) => heads.get(streamId),
    offer(streamId, head) {
      const known = heads.get(streamId);
      if (known && known.length > head.length) return;
      // Re-inserting moves the stream to the young end; the oldest entry goes when full.
      heads.delete(streamId);
      heads.set(streamId, head);
      if (heads.size > capacity) heads.delete(heads.keys().next().value as string);
    },
    forget: (streamId) => void heads.delete(streamId),
    clear: () => heads.clear(),
  };
};
