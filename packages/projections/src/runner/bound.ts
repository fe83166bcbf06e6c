import type { StoredEvent } from '@banjian/core';

/**
 * Which events count: everything up to a global position, or only events whose business time
 * (`occurredAt`) or recorded time (`recordedAt`) is at or before an instant (spec §5 as-of).
 */
export interface AsOfBound {
  position?: number;
  occurredAt?: string;
  recordedAt?: string;
}

/** The instant bounds as a filter (undefined when there are none: every event up to the position counts). */
export const admits = (bound: AsOfBound): ((event: StoredEvent) => boolean) | undefined => {
  const occurred = bound.occurredAt === undefined ? undefined : Date.parse(bound.occurredAt);
  const recorded = bound.recordedAt === undefined ? undefined : Date.parse(bound.recordedAt);
  if (Number.isNaN(occurred) || Number.isNaN(recorded)) throw new RangeError('as-of: not an ISO-8601 instant');
  if (occurred === undefined && recorded === undefined) return undefined;
  return (e) => (occurred === undefined || Date.parse(e.occurredAt) <= occurred) && (recorded === undefined || Date.parse(e.recordedAt) <= recorded);
};
