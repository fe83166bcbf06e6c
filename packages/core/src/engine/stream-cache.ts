import type { StoredEvent } from '../events/envelope';
import type { EventStore } from '../store/port';

/**
 * What the engine remembers of a stream: the version folded so far, the state, and the events of
 * each commandId (for idempotent repeats). The engine decides on a cached snapshot without reading
 * and the append checks the expected version, so a stale entry can cost a retry but never a wrong
 * decision (performance.md: a per-stream cache checked against the stored version).
 */
export interface StreamSnapshot<S> {
  decider: StateFolder<S>;
  version: number;
  state: S;
  byCommand: Map<string, StoredEvent[]>;
  /** `occurredAt` of the last event folded (undefined for a stream with none): business time never goes back. */
  lastOccurredAt: string | undefined;
}

/** The part of a decider that rebuilds state: any decider of state `S` is one. */
export interface StateFolder<S> {
  initialState(): S;
  evolve(state: S, event: never): S;
}

const freshSnapshot = <S>(decider: StateFolder<S>): StreamSnapshot<S> => ({
  decider,
  version: -1,
  state: decider.initialState(),
  byCommand: new Map(),
  lastOccurredAt: undefined,
});

/**
 * Fold stored events into a snapshot in place. Events already folded are skipped; returns false on a
 * gap (the events do not continue the snapshot), so the caller can start over from the stream's start.
 */
export const foldInto = <S>(snapshot: StreamSnapshot<S>, events: readonly StoredEvent[]): boolean => {
  const evolve = snapshot.decider.evolve as (state: S, event: StoredEvent) => S;
  for (const event of events) {
    if (event.streamPosition <= snapshot.version) continue;
    if (event.streamPosition !== snapshot.version + 1) return false;
    snapshot.state = evolve(snapshot.state, event);
    snapshot.version = event.streamPosition;
    snapshot.lastOccurredAt = event.occurredAt;
    if (event.commandId !== undefined) {
      const ofCommand = snapshot.byCommand.get(event.commandId);
      if (ofCommand) ofCommand.push(event);
      else snapshot.byCommand.set(event.commandId, [event]);
    }
  }
  return true;
};

export interface StreamCache {
  /** The cached snapshot as it is, without asking the store (undefined when none is cached). */
  peek<S>(decider: StateFolder<S>, streamId: string): StreamSnapshot<S> | undefined;
  /**
   * A snapshot of a stream the cache does not hold, taken to be new (nothing read; undefined when
   * the cache keeps nothing). Deciding on it is optimistic like deciding on any unread snapshot:
   * the append's expected version (`noStream`) checks the guess.
   */
  fresh<S>(decider: StateFolder<S>): StreamSnapshot<S> | undefined;
  /** Keep a snapshot the engine brought up to date itself (a fresh one that got appended), unless one is held. */
  adopt<S>(streamId: string, snapshot: StreamSnapshot<S>): void;
  /** The stream's snapshot brought up to date with the store (reads only the events after the cached version). */
  load<S>(decider: StateFolder<S>, streamId: string): Promise<StreamSnapshot<S>>;
}

/** A small LRU of stream snapshots; `capacity` 0 keeps nothing (every load folds the whole stream). */
export const createStreamCache = (store: EventStore, capacity: number): StreamCache => {
  const entries = new Map<string, StreamSnapshot<unknown>>();

  const remember = (streamId: string, snapshot: StreamSnapshot<unknown>) => {
    if (capacity <= 0) return;
    entries.delete(streamId);
    entries.set(streamId, snapshot);
    if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
  };

  const cached = <S>(decider: StateFolder<S>, streamId: string): StreamSnapshot<S> | undefined => {
    const entry = entries.get(streamId);
    return entry?.decider === decider ? (entry as StreamSnapshot<S>) : undefined;
  };

  return {
    peek: cached,
    fresh: <S>(decider: StateFolder<S>) => (capacity > 0 ? freshSnapshot(decider) : undefined),
    adopt(streamId, snapshot) {
      if (!entries.has(streamId)) remember(streamId, snapshot as StreamSnapshot<unknown>);
    },
    async load<S>(decider: StateFolder<S>, streamId: string): Promise<StreamSnapshot<S>> {
      const start = cached(decider, streamId) ?? freshSnapshot(decider);
      const newer = await store.readStream(streamId, { from: start.version + 1 });
      // Another command may have advanced the cached snapshot while this one was reading.
      let snapshot = cached(decider, streamId) ?? start;
      if (!foldInto(snapshot, newer)) {
        snapshot = freshSnapshot(decider);
        foldInto(snapshot, await store.readStream(streamId));
      }
      remember(streamId, snapshot as StreamSnapshot<unknown>);
      return snapshot;
    },
  };
};
