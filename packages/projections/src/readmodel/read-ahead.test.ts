import type { EventStore, ReadAllOptions, StoredEvent } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { createEngineHall } from '../golden/engine-hall.fixture';
import { readAhead } from './read-ahead';

/** A hall's log of a few dozen cases, through the engine. */
const hallLog = async (): Promise<EventStore> => {
  const hall = await createEngineHall();
  for (let i = 0; i < 30; i++) await hall.accept(`c${i}`, `2025-03-${String(3 + (i % 20)).padStart(2, '0')}T10:00:00+08:00`);
  return hall.store;
};

const positions = async (pages: AsyncIterable<StoredEvent[]>): Promise<number[]> => {
  const seen: number[] = [];
  for await (const page of pages) for (const event of page) seen.push(event.globalPosition);
  return seen;
};

describe('readAhead', () => {
  it('given a log, when it is read a few pages at once, then every event comes once, in order', async () => {
    const log = await hallLog();
    const all: number[] = [];
    for await (const event of log.readAll()) all.push(event.globalPosition);
    expect(all.length).toBeGreaterThan(60);
    expect(await positions(readAhead(log, 0, { page: 7, ahead: 3 }))).toEqual(all);
    expect(await positions(readAhead(log, all[10]!, { page: 5, ahead: 4 }))).toEqual(all.slice(11));
  });

  it('given a read that sees the log end short of its page (an append settling), when later pages see further, then nothing after that end is skipped', async () => {
    const log = await hallLog();
    const all: number[] = [];
    for await (const event of log.readAll()) all.push(event.globalPosition);
    // The third read sees the log ending two events into its page; the reads after it see it whole.
    let reads = 0;
    const settling: EventStore = {
      ...log,
      readAll(options: ReadAllOptions = {}) {
        reads += 1;
        if (reads !== 3) return log.readAll(options);
        const short = (options.after ?? 0) + 2;
        return (async function* () {
          for await (const event of log.readAll(options)) if (event.globalPosition <= short) yield event;
        })();
      },
    };
    expect(await positions(readAhead(settling, 0, { page: 10, ahead: 4 }))).toEqual(all);
  });
});
