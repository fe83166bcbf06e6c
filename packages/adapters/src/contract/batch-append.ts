import { supportsBatchAppend, type BatchAppend, type EventStore } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseOpening, consultation, consultations } from './fixtures';
import { collect, expectLogIntact, rejection } from './helpers';
import type { ContractContext } from './types';

export const batchAppendCases = ({ store, options }: ContractContext): void => {
  const batching = (): EventStore & BatchAppend => {
    const current = store();
    expect(supportsBatchAppend(current)).toBe(true);
    return current as EventStore & BatchAppend;
  };

  describe('atomic multi-stream append (appendMany)', () => {
    it('given items for several streams, when appended together, then all are stored with global positions in item order', async () => {
      const results = await batching().appendMany([
        { streamId: 'consultation-a', events: consultations(0, 2), expectedVersion: 'noStream' },
        { streamId: 'case-c-1', events: caseOpening('c-1') },
        { streamId: 'consultation-a', events: consultations(2, 1), expectedVersion: 1 },
      ]);
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([1, 1, 2]);
      const all = await collect(store().readAll());
      expect(all.map((e) => `${e.streamId}@${e.streamPosition}`)).toEqual([
        'consultation-a@0',
        'consultation-a@1',
        'case-c-1@0',
        'case-c-1@1',
        'consultation-a@2',
      ]);
      expect(results[2]!.lastGlobalPosition).toBe(all[4]!.globalPosition);
      await expectLogIntact(store(), options.hashAlgorithm);
    });

    it('given a bad event in the last item, when appended together, then no item is stored', async () => {
      await store().appendToStream('consultation-a', [consultation(0)]);
      const bad = { ...consultation(9), data: { topic: 'no ids' } } as never;
      const error = await rejection(
        batching().appendMany([
          { streamId: 'consultation-a', events: consultations(1, 2) },
          { streamId: 'consultation-b', events: [consultation(3), bad] },
        ]),
      );
      expect(error).toMatchObject({ kind: 'invalidEvent', streamId: 'consultation-b', index: 1 });
      expect(await collect(store().readAll())).toHaveLength(1);
    });

    it('given a stale expected version in a later item, when appended together, then ConcurrencyError and no item is stored', async () => {
      await store().appendToStream('consultation-b', consultations(0, 2));
      const error = await rejection(
        batching().appendMany([
          { streamId: 'consultation-a', events: consultations(0, 1), expectedVersion: 'noStream' },
          // The first item left consultation-a at version 0, so noStream no longer holds.
          { streamId: 'consultation-a', events: consultations(1, 1), expectedVersion: 'noStream' },
        ]),
      );
      expect(error).toMatchObject({ kind: 'concurrency', streamId: 'consultation-a', actual: 0 });
      expect(await store().readStream('consultation-a')).toEqual([]);
      expect(await collect(store().readAll())).toHaveLength(2);
    });
  });
};
