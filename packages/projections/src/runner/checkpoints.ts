import { cloneState } from './clone';
import type { ProjectionCheckpoint } from './projection';

/** Where a runner keeps each projection's checkpoint (position + state), by name and version. */
export interface ProjectionCheckpointStore {
  load<S>(name: string, version: number): Promise<ProjectionCheckpoint<S> | undefined>;
  save<S>(checkpoint: ProjectionCheckpoint<S>): Promise<void>;
}

/** Checkpoints held in memory; states are copied in and out, so a saved one never changes. */
export const createInMemoryCheckpointStore = (): ProjectionCheckpointStore & { positions(): Record<string, number> } => {
  const saved = new Map<string, ProjectionCheckpoint<unknown>>();
  const key = (name: string, version: number) => `${name}@${version}`;
  return {
    async load<S>(name: string, version: number) {
      const cp = saved.get(key(name, version));
      return cp ? ({ ...cp, state: cloneState(cp.state) } as ProjectionCheckpoint<S>) : undefined;
    },
    async save<S>(checkpoint: ProjectionCheckpoint<S>) {
      saved.set(key(checkpoint.name, checkpoint.version), { ...checkpoint, state: cloneState(checkpoint.state) });
    },
    positions: () => Object.fromEntries([...saved.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, cp]) => [k, cp.position])),
  };
};
