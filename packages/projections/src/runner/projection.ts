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
  /** How a rebuild may fold a later range of the log on another thread; without it, one thread folds all. */
  readonly split?: ProjectionSplit<S, any, any, any>;
}

/**
 * A projection folded in two ranges of the log at once (a rebuild on two cores). A worker thread
 * folds the later range into a part, starting from nothing: each event the part can take exactly
 * without the state before the range, it folds; each other one it refuses, and it comes back to
 * the main thread. The main thread unpacks the part as soon as it arrives (perhaps while still
 * folding the earlier range) and, the earlier range folded, joins: the refused events in order,
 * then the part. The joined state must equal the one-thread fold, Map and array order included.
 */
export interface ProjectionSplit<S, P, W, U> {
  /** Where the worker imports the projection: a module URL (see `moduleUrl`) and its export name. */
  readonly module: string;
  readonly exportName: string;
  part(): P;
  /** Folds `event` into the part; false, leaving the part as it was, when the event needs the state before the range. */
  applyPart(part: P, event: StoredEvent): boolean;
  /**
   * The part as it crosses to the main thread: structured-cloneable and compact. A Map of records
   * clones slowly (~10 µs a case record both ways): write records on a `Tape`, whose buffer is
   * handed over, not copied.
   */
  pack(part: P): W;
  /**
   * The packed part read back on the main thread, which may still be folding the earlier range:
   * `state`, as folded so far, lends only its caches (such as interned copies); nothing else of
   * it may be read or changed.
   */
  unpack(packed: W, state: S): U;
  /**
   * The state after the earlier range, then the refused events of the later range in order, then
   * the unpacked part: the one-thread state. Undefined, with `state` left untouched, when this log
   * breaks an assumption the part relied on (such as a case met mid-stream beginning again); the
   * main thread then folds the later range itself.
   */
  join(state: S, part: U, refused: readonly StoredEvent[]): S | undefined;
}

/** Where a projection is: the last global position folded into its state. */
export interface ProjectionCheckpoint<S = unknown> {
  name: string;
  version: number;
  position: number;
  state: S;
}
