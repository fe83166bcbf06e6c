import type { EventStore, InlineProjectionHost } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseOpening, consultation, consultations } from './fixtures';
import { collect, rejection } from './helpers';
import type { ContractContext, InlineCounterFixture } from './types';

export const inlineCases = ({ store }: ContractContext, fixture: InlineCounterFixture<EventStore, never>): void => {
  const host = () => store() as EventStore & InlineProjectionHost<never>;

  describe('inline projections', () => {
    it('given a registered projection, when events are appended, then its read model and checkpoint move in the same append', async () => {
      await host().registerInlineProjection(fixture.counter('per-type'));
      const result = await store().appendToStream('case-c-1', caseOpening('c-1'));
      await store().appendToStream('consultation-a', consultations(0, 2));
      expect(await fixture.counts(store(), 'per-type')).toEqual({ ApplicationSubmitted: 1, CaseRejected: 1, ConsultationRecorded: 2 });
      const all = await collect(store().readAll());
      expect(await host().inlineCheckpoint('per-type')).toBe(all[3]!.globalPosition);
      expect(result.lastGlobalPosition).toBe(all[1]!.globalPosition);
    });

    it('given a projection that throws, when an append reaches it, then the append is rolled back: no events, read model unchanged', async () => {
      await host().registerInlineProjection(fixture.counter('fragile', { failOnType: 'CaseRejected' }));
      await store().appendToStream('consultation-a', [consultation(0)]);
      const before = await collect(store().readAll());
      const error = await rejection(store().appendToStream('case-c-1', caseOpening('c-1')));
      expect(error).toMatchObject({ kind: 'inlineProjection', projection: 'fragile' });
      expect(await store().readStream('case-c-1')).toEqual([]);
      expect(await collect(store().readAll())).toEqual(before);
      expect(await fixture.counts(store(), 'fragile')).toEqual({ ConsultationRecorded: 1 });
      expect(await host().inlineCheckpoint('fragile')).toBe(before[0]!.globalPosition);
      // The store is still usable, and the stream still new.
      await store().appendToStream('case-c-1', caseOpening('c-1').slice(0, 1), { expectedVersion: 'noStream' });
      expect(await fixture.counts(store(), 'fragile')).toEqual({ ConsultationRecorded: 1, ApplicationSubmitted: 1 });
    });

    it('given events stored before registration, when registered, then it catches up from its checkpoint; with types it sees only those', async () => {
      await store().appendToStream('consultation-a', consultations(0, 3));
      await store().appendToStream('case-c-1', caseOpening('c-1'));
      const checkpoint = await host().registerInlineProjection(fixture.counter('cases', { types: ['ApplicationSubmitted', 'CaseRejected'] }));
      const all = await collect(store().readAll());
      expect(checkpoint).toBe(all[4]!.globalPosition);
      expect(await fixture.counts(store(), 'cases')).toEqual({ ApplicationSubmitted: 1, CaseRejected: 1 });
      await store().appendToStream('consultation-a', [consultation(3)]);
      expect(await fixture.counts(store(), 'cases')).toEqual({ ApplicationSubmitted: 1, CaseRejected: 1 });
      expect(await host().inlineCheckpoint('cases')).toBe(all[4]!.globalPosition);
    });

    it('given a name already registered, when registered again, then it is refused', async () => {
      await host().registerInlineProjection(fixture.counter('twice'));
      await expect(host().registerInlineProjection(fixture.counter('twice'))).rejects.toMatchObject({ kind: 'inlineProjection', projection: 'twice' });
    });
  });
};
