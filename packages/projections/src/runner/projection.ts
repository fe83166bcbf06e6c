import type { StoredEvent } from '@banjian/core';

/**
 * A projection folds the log into a read model. `apply` may mutate the accumulator it is given and
 * returns it (plain mutable accumulators: a million-event fold must not copy). Same events in,
 * byte-identical output out: no clocks, no randomness, no iteration-order surprises.
 */
export interface Projection<S = unknown> {
  /** Stable id, e.g. `caseSummary`; with `version`, names what a checkpoint belongs to. */
  readonly name: string;
  readonly version: number;
  /** Only these event types reach `apply` (all when omitted). */
  readonly eventTypes?: readonly string[];
  init(): S;
  apply(state: S, event: StoredEvent): S;
}

/** Where a projection is: the last global position folded into its state. */
export interface ProjectionCheckpoint<S = unknown> {
  name: string;
  version: number;
  position: number;
  state: S;
}
