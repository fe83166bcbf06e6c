import type { EventStore, StoredEvent, Subscription } from '@banjian/core';
import type { ProjectionCheckpointStore } from './checkpoints';
import { createDispatcher, type Dispatcher } from './dispatch';
import type { Projection } from './projection';
import { assertUniqueNames, statesByName, type ProjectionResult } from './rebuild';
import { eventsAfter } from './source';

export interface ProjectionRunnerOptions {
  store: EventStore;
  projections: readonly Projection<any>[];
  /** Where checkpoints are loaded from and saved to; without one every start is a full rebuild. */
  checkpoints?: ProjectionCheckpointStore;
  /** Save checkpoints after this many events (default 10,000) and whenever catch-up ends. */
  checkpointEvery?: number;
}

/**
 * Runs projections against a store: catch-up from each projection's checkpoint to the end of the
 * log, then live from the store's subscription. A projection resumed from any checkpoint ends in
 * the same state as one folded from the start (each sees every event once, in global order).
 */
export interface ProjectionRunner {
  /** Folds everything stored so far; returns the global position reached. */
  catchUp(): Promise<number>;
  /** Catches up, then follows new events live until `stop`. */
  start(): Promise<void>;
  /** Stops following and saves checkpoints. */
  stop(): Promise<void>;
  /** Resolves once every event stored before the call has been folded (live mode). */
  caughtUp(): Promise<void>;
  readonly position: number;
  state<S>(name: string): S;
  result(): ProjectionResult;
}

export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { store, projections, checkpoints } = options;
  assertUniqueNames(projections);
  const every = options.checkpointEvery ?? 10_000;
  let dispatcher: Dispatcher | undefined;
  let position = 0;
  let sinceSave = 0;
  let subscription: Subscription | undefined;

  const load = async (): Promise<Dispatcher> => {
    if (dispatcher) return dispatcher;
    const states: unknown[] = [];
    const positions: number[] = [];
    for (const p of projections) {
      const cp = checkpoints ? await checkpoints.load(p.name, p.version) : undefined;
      states.push(cp ? cp.state : p.init());
      positions.push(cp ? cp.position : 0);
    }
    dispatcher = createDispatcher(projections, states, positions);
    position = Math.min(...positions, Infinity);
    if (!Number.isFinite(position)) position = 0;
    return dispatcher;
  };

  const save = async (): Promise<void> => {
    if (!checkpoints || !dispatcher) return;
    sinceSave = 0;
    for (let i = 0; i < projections.length; i++) {
      const p = projections[i]!;
      // a projection is at least as far as the runner has read, even when no event of its types came
      const at = Math.max(dispatcher.positions[i]!, position);
      await checkpoints.save({ name: p.name, version: p.version, position: at, state: dispatcher.states[i] });
    }
  };

  const fold = (d: Dispatcher, event: StoredEvent): void => {
    d.apply(event);
    position = event.globalPosition;
    sinceSave += 1;
  };

  const catchUp = async (): Promise<number> => {
    const d = await load();
    for await (const event of eventsAfter(store, position)) {
      fold(d, event);
      if (sinceSave >= every) await save();
    }
    await save();
    return position;
  };

  return {
    catchUp,
    async start() {
      const d = await load();
      await catchUp();
      subscription = store.subscribe({
        after: position,
        handler: async (event) => {
          fold(d, event);
          if (sinceSave >= every) await save();
        },
      });
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
      await save();
    },
    async caughtUp() {
      await subscription?.caughtUp();
    },
    get position() {
      return position;
    },
    state<S>(name: string): S {
      const i = projections.findIndex((p) => p.name === name);
      if (i < 0 || !dispatcher) throw new RangeError(`no state for projection ${name}`);
      return dispatcher.states[i] as S;
    },
    result: () => ({ position, states: dispatcher ? statesByName(projections, dispatcher.states) : {} }),
  };
};
