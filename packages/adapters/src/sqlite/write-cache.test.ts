import { ConcurrencyError, verifyLog, type EventToAppend } from '@banjian/core';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore, type SqliteEventStore } from './store';
import { sqliteCounterFixture, tempDir } from './test-support';

const visit = (caseId: string, minute = 15): EventToAppend => ({
  type: 'VisitRecorded',
  data: { caseId, purpose: 'enquire' },
  occurredAt: `2025-03-04T09:${String(minute).padStart(2, '0')}:00+08:00`,
  actor: { kind: 'staff', id: 's-1' },
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Stores (connections) on one new file. */
const storesOnOneFile = (count: number): SqliteEventStore[] => {
  const { dir, cleanup } = tempDir();
  const stores = Array.from({ length: count }, () => createSqliteEventStore({ path: join(dir, 'events.db') }));
  cleanups.push(async () => {
    for (const store of stores) await store.close();
    cleanup();
  });
  return stores;
};

/** The stream's positions and whether each event links to the one before. */
const chainOf = async (store: SqliteEventStore, streamId: string) => {
  const events = await store.readStream(streamId);
  return {
    positions: events.map((e) => e.streamPosition),
    linked: events.every((e, i) => i === 0 || e.prevHash === events[i - 1]?.hash),
  };
};

describe('SQLite appends after appends of their own (heads not read back)', () => {
  it('given two connections appending in turn to one stream, when each appends after the other, then every append continues the chain the other left', async () => {
    const [one, two] = storesOnOneFile(2) as [SqliteEventStore, SqliteEventStore];
    for (let i = 0; i < 6; i++) {
      const writer = i % 2 === 0 ? one : two;
      // Each writer also appends twice in a row, so that its own last append is what it remembers.
      await writer.appendToStream('case-a', [visit('a', 2 * i)], { expectedVersion: 2 * i - 1 < 0 ? 'noStream' : 2 * i - 1 });
      await writer.appendToStream('case-b', [visit('b', 2 * i)]);
      await writer.appendToStream('case-a', [visit('a', 2 * i + 1)], { expectedVersion: 2 * i });
    }
    expect(await chainOf(one, 'case-a')).toEqual({ positions: [...Array(12).keys()], linked: true });
    const all: number[] = [];
    for await (const event of two.readAll()) all.push(event.globalPosition);
    expect(all).toEqual([...Array(18).keys()].map((i) => i + 1));
    expect((await verifyLog(one.readRaw())).ok).toBe(true);
  });

  it('given another connection appended behind this one, when this one appends with the version it knew, then ConcurrencyError names the actual version', async () => {
    const [one, two] = storesOnOneFile(2) as [SqliteEventStore, SqliteEventStore];
    await one.appendToStream('case-a', [visit('a', 1)], { expectedVersion: 'noStream' });
    await two.appendToStream('case-a', [visit('a', 2)], { expectedVersion: 0 });
    await expect(one.appendToStream('case-a', [visit('a', 3)], { expectedVersion: 0 })).rejects.toMatchObject({ actual: 1 });
  });

  it('given an append an inline projection fails, when the next append comes, then it takes the position and chain of the last committed event', async () => {
    const [store] = storesOnOneFile(1) as [SqliteEventStore];
    await store.registerInlineProjection(sqliteCounterFixture.counter('visits', { failOnType: 'CaseRejected' }));
    await store.appendToStream('case-a', [visit('a', 1)]);
    const rejected = { type: 'CaseRejected', data: { caseId: 'a', reason: '材料虚假', legalBasis: '§32' }, occurredAt: visit('a', 2).occurredAt, actor: visit('a').actor } as EventToAppend;
    await expect(store.appendToStream('case-a', [visit('a', 2), rejected])).rejects.toThrow('cannot take CaseRejected');
    const next = await store.appendToStream('case-a', [visit('a', 3)], { expectedVersion: 0 });
    expect(next).toMatchObject({ nextExpectedVersion: 1, lastGlobalPosition: 2 });
    expect(await chainOf(store, 'case-a')).toEqual({ positions: [0, 1], linked: true });
  });

  it('given a unit of work that rolls back after appends, when the next append comes, then it starts where the committed log ends', async () => {
    const [store] = storesOnOneFile(1) as [SqliteEventStore];
    await store.appendToStream('case-a', [visit('a', 1)]);
    await expect(
      store.unitOfWork(async () => {
        await store.appendToStream('case-a', [visit('a', 2)], { expectedVersion: 0 });
        await store.appendToStream('case-b', [visit('b', 2)], { expectedVersion: 'noStream' });
        throw new Error('the simulated day failed');
      }),
    ).rejects.toThrow('the simulated day failed');
    await expect(store.appendToStream('case-a', [visit('a', 3)], { expectedVersion: 1 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.appendToStream('case-a', [visit('a', 3)], { expectedVersion: 0 })).toMatchObject({ nextExpectedVersion: 1, lastGlobalPosition: 2 });
    expect(await store.appendToStream('case-b', [visit('b', 3)], { expectedVersion: 'noStream' })).toMatchObject({ nextExpectedVersion: 0, lastGlobalPosition: 3 });
    expect((await verifyLog(store.readRaw())).ok).toBe(true);
  });

  it('given a multi-stream append whose second item is refused, when the first stream is appended to again, then it continues from its committed head', async () => {
    const [store] = storesOnOneFile(1) as [SqliteEventStore];
    await store.appendToStream('case-b', [visit('b', 1)]);
    await expect(
      store.appendMany([
        { streamId: 'case-a', events: [visit('a', 2)], expectedVersion: 'noStream' },
        { streamId: 'case-b', events: [visit('b', 2)], expectedVersion: 'noStream' },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.appendToStream('case-a', [visit('a', 3)], { expectedVersion: 'noStream' })).toMatchObject({ nextExpectedVersion: 0, lastGlobalPosition: 2 });
    expect(await chainOf(store, 'case-a')).toEqual({ positions: [0], linked: true });
  });
});
