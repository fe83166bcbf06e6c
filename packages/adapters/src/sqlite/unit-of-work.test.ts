import { ConcurrencyError, type EventToAppend } from '@banjian/core';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from './store';
import { makeTempSqliteStore, tempDir } from './test-support';

const visit = (caseId: string): EventToAppend => ({
  type: 'VisitRecorded',
  data: { caseId, purpose: 'enquire' },
  occurredAt: '2025-03-04T09:15:00+08:00',
  actor: { kind: 'staff', id: 's-1' },
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('SQLite unit of work', () => {
  it('given appends to two streams in one unit, when it completes, then another connection sees both', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'events.db');
    const store = createSqliteEventStore({ path });
    cleanups.push(async () => {
      await store.close();
      cleanup();
    });
    await store.unitOfWork(async () => {
      await store.appendToStream('case-a', [visit('a')], { expectedVersion: 'noStream' });
      await store.appendToStream('case-b', [visit('b')], { expectedVersion: 'noStream' });
      await store.appendToStream('case-a', [visit('a')], { expectedVersion: 0 });
    });
    const reader = createSqliteEventStore({ path });
    cleanups.unshift(() => reader.close());
    expect((await reader.readStream('case-a')).map((e) => e.streamPosition)).toEqual([0, 1]);
    expect(await reader.readStream('case-b')).toHaveLength(1);
  });

  it('given a unit whose work throws, when it settles, then none of its appends is stored and the store takes new ones', async () => {
    const { store, cleanup } = await makeTempSqliteStore();
    cleanups.push(cleanup);
    await expect(
      store.unitOfWork(async () => {
        await store.appendToStream('case-a', [visit('a')]);
        throw new Error('the simulated day failed');
      }),
    ).rejects.toThrow('the simulated day failed');
    expect(await store.readStream('case-a')).toEqual([]);
    await store.appendToStream('case-a', [visit('a')], { expectedVersion: 'noStream' });
    expect(await store.readStream('case-a')).toHaveLength(1);
  });

  it('given a refused append inside a unit, when the work goes on, then only that append is undone', async () => {
    const { store, cleanup } = await makeTempSqliteStore();
    cleanups.push(cleanup);
    await store.unitOfWork(async () => {
      await store.appendToStream('case-a', [visit('a')], { expectedVersion: 'noStream' });
      await expect(store.appendToStream('case-a', [visit('a')], { expectedVersion: 'noStream' })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.appendToStream('case-b', [visit('b')], { expectedVersion: 'noStream' });
    });
    expect(await store.readStream('case-a')).toHaveLength(1);
    expect(await store.readStream('case-b')).toHaveLength(1);
  });
});
