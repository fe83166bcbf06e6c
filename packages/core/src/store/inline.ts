import type { StoredEvent } from '../events/envelope';
import type { EventStore } from './port';

/**
 * A projection kept in the store itself and updated in the same transaction as each append: the
 * read model never lags the log, and if `apply` throws the append is rolled back (nothing stored).
 * `Tx` is the adapter's transaction handle (SQLite: a connection inside `BEGIN IMMEDIATE`).
 * `apply` is synchronous on purpose: a transaction must not wait on anything outside the store.
 */
export interface InlineProjection<Tx = unknown> {
  /** Unique per store; names the projection's checkpoint. */
  readonly name: string;
  /** Only events of these types reach `apply` (all events when absent). */
  readonly types?: readonly string[];
  /** Create or migrate the read model; runs once on registration, in its own transaction. */
  init?(tx: Tx): void;
  /** Fold events (in global order, already stored in this transaction) into the read model. */
  apply(tx: Tx, events: readonly StoredEvent[]): void;
}

/** A store that can host inline projections. */
export interface InlineProjectionHost<Tx = unknown> {
  /**
   * Register a projection for every later append. It first catches up, in one transaction, with
   * the events stored after its checkpoint (all of them for a new projection). Resolves to that checkpoint.
   */
  registerInlineProjection(projection: InlineProjection<Tx>): Promise<number>;
  /** The global position of the last event a projection applied (0 = none). */
  inlineCheckpoint(name: string): Promise<number>;
}

export const hasInlineProjections = <Tx = unknown>(store: EventStore): store is EventStore & InlineProjectionHost<Tx> =>
  typeof (store as Partial<InlineProjectionHost<Tx>>).registerInlineProjection === 'function';
