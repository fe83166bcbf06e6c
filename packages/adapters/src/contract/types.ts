import type { EventStore, HashAlgorithm, InlineProjection } from '@banjian/core';

/** A fresh, empty store and how to dispose of it (close it, delete its files). */
export interface StoreUnderTest<S extends EventStore = EventStore> {
  store: S;
  cleanup: () => Promise<void>;
}

export type MakeStore<S extends EventStore = EventStore> = () => Promise<StoreUnderTest<S>>;

/**
 * A counting read model in the store's own transaction type, for stores that host inline
 * projections: `counts` reads back, per event type, how many events the projection applied.
 */
export interface InlineCounterFixture<S extends EventStore = EventStore, Tx = unknown> {
  counter(name: string, options?: { types?: readonly string[]; failOnType?: string }): InlineProjection<Tx>;
  counts(store: S, name: string): Promise<Record<string, number>>;
}

export interface EventStoreContractOptions<S extends EventStore = EventStore> {
  /** The chain hash the store was made with (default SHA-256). */
  hashAlgorithm?: HashAlgorithm;
  /** Events in the large-stream case (default 5,000). */
  largeStreamSize?: number;
  /** Parallel writers in the concurrency cases (default 8). */
  concurrentWriters?: number;
  /** How long to wait for a live subscription to see an append (default 5 s). */
  liveTimeoutMs?: number;
  /**
   * Does the store refuse an eventId it already holds (default true)? An event's id is its identity
   * across exports and imports; turn this off only for a store documented not to check it.
   */
  eventIdsUnique?: boolean;
  /** The store implements the optional `BatchAppend` (appendMany): run its cases. */
  batchAppend?: boolean;
  /** Run the inline projection cases with this fixture. */
  inline?: InlineCounterFixture<S, never>;
}

/** What every case of the suite gets: the store of the current test and the resolved options. */
export interface ContractContext<S extends EventStore = EventStore> {
  store(): S;
  makeStore: MakeStore<S>;
  options: Required<Omit<EventStoreContractOptions<S>, 'inline'>> & Pick<EventStoreContractOptions<S>, 'inline'>;
}
