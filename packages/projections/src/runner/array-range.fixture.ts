import { isMainThread, threadId } from 'node:worker_threads';
import { moduleUrl, type EventRangeReader, type StoredEvent } from '@banjian/core';
import type { Projection } from './projection';

/**
 * Test support: a log in an array that each thread reads itself (the array travels to the worker
 * in `args`), a few events a page, and a projection that records which thread folded the later
 * range and how far the main thread's fold had got when the worker's part was unpacked. With
 * `workerFirst`, the main thread's pages wait until the worker has read its range, then 50 ms
 * each: the worker's result is there before the main thread's range is folded.
 */
export const openEventRangeReader = (args: unknown): EventRangeReader => {
  const { events, pageSize, workerFirst } = args as { events: StoredEvent[]; pageSize: number; workerFirst?: SharedArrayBuffer };
  const read = workerFirst === undefined ? undefined : new Int32Array(workerFirst);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return {
    lastGlobalPosition: () => events.at(-1)?.globalPosition ?? 0,
    *pages(after, until) {
      const inRange = events.filter((e) => e.globalPosition > after && e.globalPosition <= until);
      for (let i = 0; i < inRange.length; i += pageSize) {
        if (read !== undefined && isMainThread) {
          Atomics.wait(read, 0, 0, 10_000);
          Atomics.wait(pause, 0, 0, 50);
        }
        yield inRange.slice(i, i + pageSize);
      }
      if (read !== undefined && !isMainThread) {
        Atomics.store(read, 0, 1);
        Atomics.notify(read, 0);
      }
    },
    close: () => undefined,
  };
};

export const rangeSource = (events: readonly StoredEvent[], pageSize = 7, workerFirst = false) =>
  Object.assign([...events], {
    eventRanges: { module: moduleUrl(new URL('./array-range.fixture.ts', import.meta.url)), args: { events, pageSize, workerFirst: workerFirst ? new SharedArrayBuffer(4) : undefined } },
  });

interface Threads {
  count: number;
  laterThread: number | undefined;
  /** The main thread's count when the later range's part was unpacked. */
  unpackedAt: number | undefined;
}

export const threadsProjection: Projection<Threads> = {
  name: 'threads',
  version: 1,
  init: () => ({ count: 0, laterThread: undefined, unpackedAt: undefined }),
  apply: (s) => {
    s.count += 1;
    return s;
  },
  split: {
    module: moduleUrl(new URL('./array-range.fixture.ts', import.meta.url)),
    exportName: 'threadsProjection',
    part: () => ({ count: 0 }),
    applyPart: (part: { count: number }) => {
      part.count += 1;
      return true;
    },
    pack: (part: { count: number }) => ({ count: part.count, thread: threadId }),
    unpack: (packed: { count: number; thread: number }, s: Threads) => ({ ...packed, unpackedAt: s.count }),
    join: (s, part: { count: number; thread: number; unpackedAt: number }) => ({ count: s.count + part.count, laterThread: part.thread, unpackedAt: part.unpackedAt }),
  },
};

/** A projection whose later range fails on the worker: the main thread must fold it itself. */
export const failingProjection: Projection<{ count: number }> = {
  name: 'failing',
  version: 1,
  init: () => ({ count: 0 }),
  apply: (s) => {
    s.count += 1;
    return s;
  },
  split: {
    module: moduleUrl(new URL('./array-range.fixture.ts', import.meta.url)),
    exportName: 'failingProjection',
    part: () => null,
    applyPart: () => {
      throw new Error('this part cannot be folded');
    },
    pack: () => null,
    unpack: () => null,
    join: (s) => s,
  },
};
