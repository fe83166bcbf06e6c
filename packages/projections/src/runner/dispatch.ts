import type { StoredEvent } from '@banjian/core';
import type { Projection } from './projection';

/** Projections with their states, fed events by type: one map look-up per event, not one per projection. */
export interface Dispatcher {
  readonly states: unknown[];
  /** Last global position folded into each projection. */
  readonly positions: number[];
  apply(event: StoredEvent): void;
}

/** The indices of the projections an event type reaches, in projection order. */
export const targetsByType = (projections: readonly Projection<any>[]): ((type: string) => readonly number[]) => {
  const byType = new Map<string, number[]>();
  const everything: number[] = [];
  projections.forEach((p, i) => {
    if (!p.eventTypes) everything.push(i);
    else for (const type of p.eventTypes) byType.set(type, [...(byType.get(type) ?? []), i]);
  });
  if (everything.length > 0) {
    for (const [type, list] of byType) byType.set(type, [...new Set([...list, ...everything])].sort((a, b) => a - b));
  }
  return (type) => byType.get(type) ?? everything;
};

export const createDispatcher = (projections: readonly Projection<any>[], states: unknown[], positions: number[]): Dispatcher => {
  const targetsOf = targetsByType(projections);
  return {
    states,
    positions,
    apply(event) {
      const targets = targetsOf(event.type);
      const position = event.globalPosition;
      for (let k = 0; k < targets.length; k++) {
        const i = targets[k]!;
        if (position <= positions[i]!) continue;
        states[i] = projections[i]!.apply(states[i], event);
        positions[i] = position;
      }
    },
  };
};
