import type { EventStore, StoredEvent } from '@banjian/core';

/** Where a projection reads from: a store (read from a global position) or events in global order. */
export type EventSource = EventStore | Iterable<StoredEvent> | AsyncIterable<StoredEvent>;

/**
 * A store that can also hand out the log a page at a time (the SQLite store): one promise per
 * page instead of one per event, which is most of what reading costs a full rebuild.
 */
export interface PagedEventReader {
  readAllPages(options?: { after?: number }): AsyncIterable<readonly StoredEvent[]>;
}

const isStore = (source: EventSource): source is EventStore => typeof (source as EventStore).readAll === 'function';

const isPaged = (source: EventStore): source is EventStore & PagedEventReader =>
  typeof (source as Partial<PagedEventReader>).readAllPages === 'function';

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

/**
 * Reads a source to the end with a synchronous callback per event (the rebuild fast path): a
 * plain sequence in a plain loop, a paged store page by page, anything else in one `for await`
 * with no generator in between.
 */
export const forEachEvent = async (source: EventSource, after: number, visit: (event: StoredEvent) => boolean | void): Promise<void> => {
  if (isStore(source)) {
    if (isPaged(source)) {
      for await (const page of source.readAllPages({ after })) {
        for (let i = 0; i < page.length; i++) if (visit(page[i]!) === false) return;
      }
      return;
    }
    for await (const event of source.readAll({ after })) if (visit(event) === false) return;
    return;
  }
  if (Symbol.iterator in source) {
    for (const event of source) if (event.globalPosition > after && visit(event) === false) return;
    return;
  }
  for await (const event of source) if (event.globalPosition > after && visit(event) === false) return;
};
