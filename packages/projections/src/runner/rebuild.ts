import type { StoredEvent } from '@banjian/core';
import { createDispatcher } from './dispatch';
import type { Projection } from './projection';
import { forEachEvent, type EventSource } from './source';

/** States by projection name, and the global position they were computed at. */
export interface ProjectionResult {
  /** The last global position read (0 when nothing was). */
  position: number;
  states: Record<string, unknown>;
}

/**
 * Which events count: everything up to a global position, or only events whose business time
 * (`occurredAt`) or recorded time (`recordedAt`) is at or before an instant (spec §5 as-of).
 */
export interface AsOfBound {
  position?: number;
  occurredAt?: string;
  recordedAt?: string;
}

const admits = (bound: AsOfBound): ((event: StoredEvent) => boolean) | undefined => {
  const occurred = bound.occurredAt === undefined ? undefined : Date.parse(bound.occurredAt);
  const recorded = bound.recordedAt === undefined ? undefined : Date.parse(bound.recordedAt);
  if (Number.isNaN(occurred) || Number.isNaN(recorded)) throw new RangeError('as-of: not an ISO-8601 instant');
  if (occurred === undefined && recorded === undefined) return undefined;
  return (e) => (occurred === undefined || Date.parse(e.occurredAt) <= occurred) && (recorded === undefined || Date.parse(e.recordedAt) <= recorded);
};

/** Full rebuild: every projection from its initial state over the whole source (or up to a bound). */
export const rebuild = async (source: EventSource, projections: readonly Projection<any>[], bound: AsOfBound = {}): Promise<ProjectionResult> => {
  assertUniqueNames(projections);
  const dispatcher = createDispatcher(projections, projections.map((p) => p.init()), projections.map(() => 0));
  const until = bound.position ?? Infinity;
  const admit = admits(bound);
  let position = 0;
  await forEachEvent(source, 0, (event) => {
    if (event.globalPosition > until) return false;
    if (admit === undefined || admit(event)) {
      dispatcher.apply(event);
      position = event.globalPosition;
    }
    return undefined;
  });
  return { position, states: statesByName(projections, dispatcher.states) };
};

/** Any projection as of a past global position, business time or recorded time. */
export const asOf = (source: EventSource, projections: readonly Projection<any>[], bound: AsOfBound): Promise<ProjectionResult> =>
  rebuild(source, projections, bound);

export const statesByName = (projections: readonly Projection<any>[], states: readonly unknown[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  projections.forEach((p, i) => (out[p.name] = states[i]));
  return out;
};

export const assertUniqueNames = (projections: readonly Projection<any>[]): void => {
  const names = new Set<string>();
  for (const p of projections) {
    if (names.has(p.name)) throw new RangeError(`two projections are named ${p.name}`);
    names.add(p.name);
  }
};
