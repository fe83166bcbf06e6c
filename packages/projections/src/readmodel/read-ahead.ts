import type { EventStore, StoredEvent } from '@banjian/core';

export interface ReadAheadOptions {
  /** Events a page (default 1,000). */
  readonly page?: number;
  /** Pages read at once (default 4). */
  readonly ahead?: number;
}

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

/**
 * The log after `after` to its end, in pages, with the next pages already being read while the
 * caller folds this one: page i asks for the events after `start + i·page` (at most `page` of them)
 * and keeps those up to the next page's start (one page at first, up to `ahead` while they come
 * full). A page that does not reach its end (the log's end
 * as that read saw it, or a hole in the positions) ends the run of pages read ahead; the reading
 * goes on after its last event, so no event is skipped or read twice. Ends at an empty page.
 */
export async function* readAhead(store: EventStore, after: number, options: ReadAheadOptions = {}): AsyncGenerator<StoredEvent[]> {
  const page = options.page ?? 1_000;
  const ahead = options.ahead ?? 4;
  /** Where the next page to ask for starts. */
  let next = after;
  let queued: { from: number; events: Promise<StoredEvent[]> }[] = [];
  const queue = (from: number) => {
    const events = collect(store.readAll({ after: from, maxCount: page }));
    // A read given up (the run ended before it) must not be reported as unhandled.
    events.catch(() => undefined);
    queued.push({ from, events });
    next = from + page;
  };
  // One page at first, more while pages come full: a worker that has caught up asks for one page, not `ahead`.
  let depth = 1;
  try {
    for (;;) {
      while (queued.length < depth) queue(next);
      const { from, events } = queued.shift() as { from: number; events: Promise<StoredEvent[]> };
      const upTo = from + page;
      const kept = (await events).filter((e) => e.globalPosition <= upTo);
      if (kept.length === 0) return;
      yield kept;
      const last = (kept[kept.length - 1] as StoredEvent).globalPosition;
      if (last < upTo) {
        queued = [];
        next = last;
        depth = 1;
      } else depth = Math.min(ahead, depth * 2);
    }
  } finally {
    queued = [];
  }
}
