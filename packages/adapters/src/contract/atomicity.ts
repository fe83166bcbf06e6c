import { describe, expect, it } from 'vitest';
import { caseOpening, consultation, consultations, instantAt } from './fixtures';
import { collect, rejection } from './helpers';
import type { ContractContext } from './types';

export const atomicityCases = ({ store, options }: ContractContext): void => {
  describe('atomic batches', () => {
    it('given a batch with one bad event, when appended, then InvalidEventError names it and nothing of the batch is stored', async () => {
      await store().appendToStream('consultation-a', consultations(0, 2));
      const bad = { ...consultation(3), data: { ...consultation(3).data, colour: 'red' } } as never;
      const error = await rejection(store().appendToStream('consultation-a', [consultation(2), bad, consultation(4)]));
      expect(error).toMatchObject({ kind: 'invalidEvent', streamId: 'consultation-a', field: 'data.colour', index: 1 });
      expect(await store().readStream('consultation-a')).toHaveLength(2);
      expect(await collect(store().readAll())).toHaveLength(2);
      const next = await store().appendToStream('consultation-a', [consultation(2)], { expectedVersion: 1 });
      expect(next.events[0]!.streamPosition).toBe(2);
    });

    it('given an unknown event type, when appended, then it is refused naming the type field, nothing stored', async () => {
      const error = await rejection(store().appendToStream('case-c-1', [{ ...caseOpening('c-1')[0]!, type: 'CaseTeleported' } as never]));
      expect(error).toMatchObject({ kind: 'invalidEvent', field: 'type', index: 0 });
      expect(await store().readStream('case-c-1')).toEqual([]);
    });

    it('given a missing required field, when appended, then the error names it', async () => {
      const { legalBasis: _omitted, ...data } = caseOpening('c-1')[1]!.data as Record<string, unknown>;
      const error = await rejection(store().appendToStream('case-c-1', [caseOpening('c-1')[0]!, { ...caseOpening('c-1')[1]!, data } as never]));
      expect(error).toMatchObject({ kind: 'invalidEvent', field: 'data.legalBasis', index: 1 });
      expect(await store().readStream('case-c-1')).toEqual([]);
    });

    if (options.eventIdsUnique) {
      it('given an eventId already stored, when appended again, then it is refused and nothing of the batch is stored', async () => {
        const eventId = '0190f5b4-0000-7000-8000-0000000000bb';
        await store().appendToStream('consultation-a', [{ ...consultation(0), eventId }]);
        await expect(store().appendToStream('consultation-b', [consultation(1), { ...consultation(2), eventId }])).rejects.toMatchObject({
          kind: 'invalidEvent',
          field: 'eventId',
        });
        expect(await collect(store().readAll())).toHaveLength(1);
      });
    }
  });

  describe('business time', () => {
    it('given a stream, when an event occurred before the last one, then it is refused naming occurredAt', async () => {
      await store().appendToStream('consultation-a', [consultation(10)]);
      const error = await rejection(store().appendToStream('consultation-a', [{ ...consultation(11), occurredAt: instantAt(9) }]));
      expect(error).toMatchObject({ kind: 'invalidEvent', field: 'occurredAt', index: 0 });
      expect(await store().readStream('consultation-a')).toHaveLength(1);
    });

    it('given a batch that goes back in time, when appended, then nothing is stored', async () => {
      const error = await rejection(store().appendToStream('consultation-a', [consultation(5), consultation(6), consultation(4)]));
      expect(error).toMatchObject({ kind: 'invalidEvent', field: 'occurredAt', index: 2 });
      expect(await store().readStream('consultation-a')).toEqual([]);
    });

    it('given equal times or other offsets, when appended, then instants are compared, not strings', async () => {
      await store().appendToStream('consultation-a', [{ ...consultation(0), occurredAt: '2025-03-04T10:00:00+08:00' }]);
      await store().appendToStream('consultation-a', [
        { ...consultation(1), occurredAt: '2025-03-04T02:00:00Z' },
        { ...consultation(2), occurredAt: '2025-03-04T02:30:00Z' },
      ]);
      const error = await rejection(store().appendToStream('consultation-a', [{ ...consultation(3), occurredAt: '2025-03-04T10:29:00+08:00' }]));
      expect(error).toMatchObject({ field: 'occurredAt' });
      await store().appendToStream('consultation-b', [{ ...consultation(4), occurredAt: '2024-01-01T00:00:00+08:00' }]);
      expect((await store().readStream('consultation-a')).map((e) => e.occurredAt)).toEqual([
        '2025-03-04T10:00:00+08:00',
        '2025-03-04T02:00:00Z',
        '2025-03-04T02:30:00Z',
      ]);
    });
  });

  describe('command ids', () => {
    it('given events carrying their command id, when read back, then the id is kept on every event of the command', async () => {
      const batch = consultations(0, 3).map((e) => ({ ...e, commandId: 'cmd-42', correlationId: 'corr-1' }));
      await store().appendToStream('consultation-a', batch);
      const events = await store().readStream('consultation-a');
      expect(events.map((e) => e.commandId)).toEqual(['cmd-42', 'cmd-42', 'cmd-42']);
      expect(events.map((e) => e.correlationId)).toEqual(['corr-1', 'corr-1', 'corr-1']);
    });
  });
};
