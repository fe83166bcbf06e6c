import { moduleUrl, type EventRangeLocation, type RawRangeLocation } from '@banjian/core';
import type { SqliteEventRangeArgs } from './event-range';
import type { SqliteRawRangeArgs } from './raw-range';

/**
 * Where another thread opens a store file itself: its stored bytes (raw-range.ts, for verify) and
 * its events (event-range.ts, for rebuild). None for a private in-memory database.
 */
export const rangeLocationsOf = (path: string): { rawRanges?: RawRangeLocation; eventRanges?: EventRangeLocation } => {
  if (path === ':memory:' || path === '') return {};
  return {
    rawRanges: { module: moduleUrl(new URL('./raw-range.ts', import.meta.url)), args: { path } satisfies SqliteRawRangeArgs },
    eventRanges: { module: moduleUrl(new URL('./event-range.ts', import.meta.url)), args: { path } satisfies SqliteEventRangeArgs },
  };
};
