import {
  createInMemoryEventStore,
  type Actor,
  type EventDataOf,
  type EventStore,
  type EventToAppend,
  type EventType,
  type InMemoryEventStore,
} from '@banjian/core';

interface Pending {
  streamId: string;
  occurredMs: number;
  seq: number;
  event: EventToAppend;
}

/**
 * Writes a scenario as a log of real envelopes: events are collected with their business time,
 * then appended in time order (ties keep the order they were added in) to a store, which seals
 * them (stream positions, hash chain, global positions) like any writer's events.
 */
export interface LogWriter {
  add<K extends EventType>(streamId: string, type: K, data: EventDataOf<K>, occurredAt: string, actor?: Actor): void;
  /** Appends everything added so far to the store, in time order, and returns the store. */
  flush(): Promise<EventStore>;
  readonly store: InMemoryEventStore;
  readonly size: number;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', id: 'scenario' }) as Actor;

export const createLogWriter = (store: InMemoryEventStore = createInMemoryEventStore({ now: () => '2030-01-01T00:00:00Z' })): LogWriter => {
  let pending: Pending[] = [];
  let seq = 0;
  return {
    store,
    get size() {
      return pending.length;
    },
    add(streamId, type, data, occurredAt, actor = SYSTEM_ACTOR) {
      const occurredMs = Date.parse(occurredAt);
      if (Number.isNaN(occurredMs)) throw new RangeError(`not an instant: ${occurredAt}`);
      const event = { type, data, occurredAt, actor, recordedAt: occurredAt } as EventToAppend;
      pending.push({ streamId, occurredMs, seq: seq++, event });
    },
    async flush() {
      const batch = pending.sort((a, b) => a.occurredMs - b.occurredMs || a.seq - b.seq);
      pending = [];
      let i = 0;
      while (i < batch.length) {
        // consecutive events of one stream go in one append
        const streamId = batch[i]!.streamId;
        let j = i + 1;
        while (j < batch.length && batch[j]!.streamId === streamId) j++;
        await store.appendToStream(streamId, batch.slice(i, j).map((p) => p.event));
        i = j;
      }
      return store;
    },
  };
};
