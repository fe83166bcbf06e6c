import type { EventStore, StoredEvent } from '@banjian/core';

/** Where a projection reads from: a store (read from a global position) or events in global order. */
export type EventSource = EventStore | Iterable<StoredEvent> | AsyncIterable<StoredEvent>;

const isStore = (source: EventSource): source is EventStore => typeof (source as EventStore).readAll === 'function';

/** Events after a global position, in order; a plain sequence is filtered on its positions. */
export async function* eventsAfter(source: EventSource, after = 0, types?: readonly string[]): AsyncIterable<StoredEvent> {
  if (isStore(source)) {
    yield* source.readAll(types ? { after, types } : { after });
    return;
  }
  const wanted = types ? new Set(types) : undefined;
  for await (const event of source as AsyncIterable<StoredEvent>) {
    if (event.globalPosition > after && (!wanted || wanted.has(event.type))) yield event;
  }
}

/** Reads a source to the end with a synchronous callback per event (the rebuild fast path). */
export const forEachEvent = async (source: EventSource, after: number, visit: (event: StoredEvent) => boolean | void): Promise<void> => {
  if (!isStore(source) && Symbol.iterator in source) {
    for (const event of source) if (event.globalPosition > after && visit(event) === false) return;
    return;
  }
  for await (const event of eventsAfter(source, after)) if (visit(event) === false) return;
};
