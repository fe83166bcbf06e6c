import { GENESIS_HASH } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseOpening, consultation, consultations, staff } from './fixtures';
import { collect } from './helpers';
import type { ContractContext } from './types';

export const readingCases = ({ store }: ContractContext): void => {
  describe('reading a stream', () => {
    it('given a stream of 10 events, when read from 4 with maxCount 3, then positions 4..6 come back in order', async () => {
      await store().appendToStream('consultation-a', consultations(0, 10));
      const events = await store().readStream('consultation-a', { from: 4, maxCount: 3 });
      expect(events.map((e) => e.streamPosition)).toEqual([4, 5, 6]);
      expect(events.map((e) => e.data)).toEqual([4, 5, 6].map((n) => consultation(n).data));
    });

    it('given no such stream, when read, then it is empty', async () => {
      expect(await store().readStream('consultation-nowhere')).toEqual([]);
    });

    it('given a position past the end, when read, then it is empty', async () => {
      await store().appendToStream('consultation-a', consultations(0, 3));
      expect(await store().readStream('consultation-a', { from: 3 })).toEqual([]);
    });

    it('given events with full metadata, when read back, then envelope fields are as written and the store filled in the rest', async () => {
      const [submitted, rejected] = caseOpening('c-1');
      const eventId = '0190f5b4-0000-7000-8000-0000000000aa';
      await store().appendToStream('case-c-1', [{ ...submitted!, eventId }, rejected!]);
      const [first, second] = await store().readStream('case-c-1');
      expect(first).toMatchObject({
        eventId,
        type: 'ApplicationSubmitted',
        schemaVersion: 1,
        streamId: 'case-c-1',
        streamPosition: 0,
        occurredAt: submitted!.occurredAt,
        actor: staff,
        commandId: 'submit-c-1',
        correlationId: 'corr-c-1',
        data: submitted!.data,
        prevHash: GENESIS_HASH,
      });
      expect(second).toMatchObject({ causationId: 'submit-c-1', prevHash: first!.hash, data: rejected!.data });
      expect(second!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.isNaN(Date.parse(second!.recordedAt))).toBe(false);
      expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('reading all in global order', () => {
    const interleave = async () => {
      await store().appendToStream('consultation-a', consultations(0, 2));
      await store().appendToStream('case-c-1', caseOpening('c-1'));
      await store().appendToStream('consultation-b', consultations(10, 2));
      await store().appendToStream('consultation-a', consultations(2, 1));
    };

    it('given appends to several streams, when all is read, then events come in commit order with increasing positions', async () => {
      await interleave();
      const events = await collect(store().readAll());
      expect(events.map((e) => `${e.streamId}@${e.streamPosition}`)).toEqual([
        'consultation-a@0',
        'consultation-a@1',
        'case-c-1@0',
        'case-c-1@1',
        'consultation-b@0',
        'consultation-b@1',
        'consultation-a@2',
      ]);
      const positions = events.map((e) => e.globalPosition);
      expect(positions[0]).toBeGreaterThanOrEqual(1);
      positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i] as number));
    });

    it('given a checkpoint, when read after it with maxCount, then only the next events up to the count come back', async () => {
      await interleave();
      const all = await collect(store().readAll());
      const page = await collect(store().readAll({ after: all[2]!.globalPosition, maxCount: 3 }));
      expect(page).toEqual(all.slice(3, 6));
      expect(await collect(store().readAll({ after: all[6]!.globalPosition }))).toEqual([]);
    });

    it('given a types filter, when all is read, then only those types come back, still in global order', async () => {
      await interleave();
      const all = await collect(store().readAll());
      const cases = await collect(store().readAll({ types: ['ApplicationSubmitted', 'CaseRejected'] }));
      expect(cases).toEqual(all.filter((e) => e.streamId === 'case-c-1'));
      const afterFirst = await collect(store().readAll({ types: ['ConsultationRecorded'], after: all[0]!.globalPosition, maxCount: 2 }));
      expect(afterFirst).toEqual([all[1], all[4]]);
    });
  });
};
