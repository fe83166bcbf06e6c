import { hasEventRanges } from '@banjian/core';
import { admits, type AsOfBound } from './bound';
import { createFold } from './fold';
import type { Projection } from './projection';
import { forEachEvent, type EventSource } from './source';
import { foldInTwo, type ParallelOptions } from './split-rebuild';

/** States by projection name, and the global position they were computed at. */
export interface ProjectionResult {
  /** The last global position read (0 when nothing was). */
  position: number;
  states: Record<string, unknown>;
}

export type { AsOfBound } from './bound';
export type { ParallelOptions } from './split-rebuild';

export interface RebuildOptions {
  /**
   * A source each thread can read itself (`EventRangeSource`: the SQLite store) is folded in two
   * ranges on two threads when every projection has a `split` (see `foldInTwo`); `false`: one
   * thread always.
   */
  parallel?: false | ParallelOptions;
}

/** Full rebuild: every projection from its initial state over the whole source (or up to a bound). */
export const rebuild = async (
  source: EventSource,
  projections: readonly Projection<any>[],
  bound: AsOfBound = {},
  options: RebuildOptions = {},
): Promise<ProjectionResult> => {
  assertUniqueNames(projections);
  const fold = createFold(projections, admits(bound));
  const until = bound.position ?? Infinity;
  if (options.parallel !== false && hasEventRanges(source) && projections.length > 0 && projections.every((p) => p.split !== undefined)) {
    await foldInTwo(source.eventRanges, projections, fold, { ...options.parallel, until, bound });
  } else {
    await forEachEvent(source, 0, (event) => (event.globalPosition > until ? false : fold.visit(event)));
  }
  return { position: fold.position, states: statesByName(projections, fold.states) };
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
