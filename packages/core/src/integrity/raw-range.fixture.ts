import type { RawEventRecord, RawRangeReader, RawRangeSource } from '../store/port';

/**
 * Test support: a log kept in an array, read by range as a store reads its table (in global
 * order), so ranged verify runs on tampered logs without a database. Each thread gets its own copy.
 */
export const openRawRangeReader = ({ records }: { records: readonly RawEventRecord[] }): RawRangeReader => {
  const sorted = [...records].sort((a, b) => a.globalPosition - b.globalPosition);
  return {
    lastGlobalPosition: () => sorted.at(-1)?.globalPosition ?? 0,
    *read(after, until) {
      for (const r of sorted) if (r.globalPosition > after && r.globalPosition <= until) yield r;
    },
    close() {},
  };
};

export const rangeSourceOf = (records: readonly RawEventRecord[]): RawRangeSource => ({
  rawRanges: { module: new URL('./raw-range.fixture.ts', import.meta.url).href, args: { records } },
});

/** The records as a ranged reader hands them out: what a one-thread walk of the same store sees. */
export const inStoredOrder = (records: readonly RawEventRecord[]): RawEventRecord[] => [...openRawRangeReader({ records }).read(-Infinity, Infinity)];
