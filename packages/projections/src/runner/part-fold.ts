import type { StoredEvent } from '@banjian/core';
import { targetsByType } from './dispatch';
import type { Projection, ProjectionSplit } from './projection';

/** Per projection, in order: its packed part and the events it refused. `position`: the last event admitted (0: none). */
export interface RangeFoldResult {
  position: number;
  packed: unknown[];
  refused: StoredEvent[][];
}

/** The later range of a two-thread rebuild, folded into the projections' parts (the worker's side). */
export interface PartFold {
  visit(event: StoredEvent): void;
  result(): RangeFoldResult;
}

export const createPartFold = (projections: readonly Projection<any>[], admit: ((event: StoredEvent) => boolean) | undefined): PartFold => {
  const splits = projections.map((p) => {
    if (!p.split) throw new TypeError(`projection ${p.name} has no split`);
    return p.split as ProjectionSplit<unknown, unknown, unknown, unknown>;
  });
  const parts = splits.map((s) => s.part());
  const refused: StoredEvent[][] = projections.map(() => []);
  const targetsOf = targetsByType(projections);
  let position = 0;
  return {
    visit(event) {
      if (admit !== undefined && !admit(event)) return;
      position = event.globalPosition;
      const targets = targetsOf(event.type);
      for (let t = 0; t < targets.length; t++) {
        const i = targets[t]!;
        if (!splits[i]!.applyPart(parts[i], event)) refused[i]!.push(event);
      }
    },
    result: () => ({ position, packed: splits.map((s, i) => s.pack(parts[i])), refused }),
  };
};
