import { hasEventRanges, type EventToAppend, type OpenEventRangeReader } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { openEventRangeReader } from './event-range';
import { makeTempSqliteStore } from './test-support';

const consultation = (n: number): EventToAppend =>
  ({ type: 'ConsultationRecorded', data: { consultationId: `q${n}`, hallId: 'h', topic: '办事指南' }, occurredAt: '2024-03-04T09:00:00+08:00', actor: { kind: 'system', id: 't' } }) as EventToAppend;

describe('SQLite event ranges', () => {
  it('given a store file, when another reader opens its range module, then pages hold exactly the events in (after, until], as the store reads them', async () => {
    const { store, cleanup } = await makeTempSqliteStore();
    try {
      for (let i = 0; i < 5; i++) await store.appendToStream(`consultation-${i}`, [consultation(2 * i), consultation(2 * i + 1)]);
      expect(hasEventRanges(store)).toBe(true);
      const { openEventRangeReader: open } = (await import(store.eventRanges!.module)) as { openEventRangeReader: OpenEventRangeReader };
      const reader = open({ ...(store.eventRanges!.args as object), pageSize: 3 });
      try {
        expect(reader.lastGlobalPosition()).toBe(10);
        const pages = [...reader.pages(2, 9)];
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        const all: unknown[] = [];
        for await (const e of store.readAll({ after: 2 })) if (e.globalPosition <= 9) all.push(e);
        expect(pages.flat()).toEqual(all);
        expect([...reader.pages(10, 10)]).toEqual([]);
      } finally {
        reader.close();
      }
    } finally {
      await cleanup();
    }
  });

  it('given an in-memory database, when asked, then it offers no ranges (no other thread can open it)', async () => {
    const { store, cleanup } = await makeTempSqliteStore({ path: ':memory:' });
    expect(hasEventRanges(store)).toBe(false);
    await cleanup();
  });

  it('given a path with no store file, when a reader opens it, then it fails instead of creating one', () => {
    expect(() => openEventRangeReader({ path: '/nonexistent/banjian.db' })).toThrow();
  });
});
