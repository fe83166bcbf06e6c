import type { StoredEvent } from '@banjian/core';
import { createDispatcher } from './dispatch';
import type { Projection } from './projection';

/** Projections being folded: their states, and the last global position admitted. */
export interface Fold {
  readonly states: unknown[];
  readonly admit: ((event: StoredEvent) => boolean) | undefined;
  position: number;
  visit(event: StoredEvent): void;
}

/** A fold of projections from their initial states (or from `states`), taking only the events `admit` lets through. */
export const createFold = (
  projections: readonly Projection<any>[],
  admit: ((event: StoredEvent) => boolean) | undefined,
  states: unknown[] = projections.map((p) => p.init()),
): Fold => {
  const dispatcher = createDispatcher(projections, states, projections.map(() => 0));
  const fold: Fold = {
    states,
    admit,
    position: 0,
    visit(event) {
      if (admit === undefined || admit(event)) {
        dispatcher.apply(event);
        fold.position = event.globalPosition;
      }
    },
  };
  return fold;
};
