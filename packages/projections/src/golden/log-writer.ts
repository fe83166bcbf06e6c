import {
  createInMemoryEventStore,
  type Actor,
  type EventDataOf,
  type EventStore,
  type EventToAppend,
  type EventType,
  type InMemoryEventStore,
} from '@banjian/core';
import { createCommandRunner, type QueuedCommand } from './command-runner';

type Pending =
  | { streamId: string; occurredMs: number; seq: number; event: EventToAppend; command?: undefined }
  | { streamId?: undefined; occurredMs: number; seq: number; event?: undefined; command: QueuedCommand };

/**
 * Writes a scenario as a log of real envelopes: events and commands are collected with their
 * business time, then taken in time order (ties keep the order they were added in): events are
 * appended to a store, which seals them (stream positions, hash chain, global positions) like any
 * writer's events; commands are run there through the real deciders and engine.
 */
export interface LogWriter {
  add<K extends EventType>(streamId: string, type: K, data: EventDataOf<K>, occurredAt: string, actor?: Actor): void;
  /** A command the engine decides at its business time `at` (a refusal fails the flush). */
  command(type: string, data: Record<string, unknown>, actor: Actor, at: string): void;
  /** Appends everything added so far to the store, in time order, and returns the store. */
  flush(): Promise<EventStore>;
  readonly store: InMemoryEventStore;
  readonly size: number;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', id: 'scenario' }) as Actor;

export const createLogWriter = (store: InMemoryEventStore = createInMemoryEventStore({ now: () => '2030-01-01T00:00:00Z' })): LogWriter => {
  let pending: Pending[] = [];
  let seq = 0;
  const runner = createCommandRunner(store);
  const instant = (at: string) => {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${at}`);
    return ms;
  };
  return {
    store,
    get size() {
      return pending.length;
    },
    add(streamId, type, data, occurredAt, actor = SYSTEM_ACTOR) {
      const event = { type, data, occurredAt, actor, recordedAt: occurredAt } as EventToAppend;
      pending.push({ streamId, occurredMs: instant(occurredAt), seq: seq++, event });
    },
    command(type, data, actor, at) {
      pending.push({ occurredMs: instant(at), seq: seq++, command: { type, data, actor, at } });
    },
    async flush() {
      const batch = pending.sort((a, b) => a.occurredMs - b.occurredMs || a.seq - b.seq);
      pending = [];
      let i = 0;
      while (i < batch.length) {
        const first = batch[i]!;
        if (first.command) {
          await runner.run(first.command);
          i++;
          continue;
        }
        // consecutive events of one stream go in one append
        const streamId = first.streamId;
        let j = i + 1;
        while (j < batch.length && batch[j]!.streamId === streamId) j++;
        await store.appendToStream(streamId, batch.slice(i, j).map((p) => p.event!));
        i = j;
      }
      return store;
    },
  };
};
