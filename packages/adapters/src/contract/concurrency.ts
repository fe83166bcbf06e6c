import type { StoredEvent } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { consultation as numbered, instantAt } from './fixtures';
import { expectLogIntact } from './helpers';
import type { ContractContext } from './types';

/** Concurrent writers interleave arbitrarily, so their events share one business time. */
const consultation = (n: number) => numbered(n, { occurredAt: instantAt(0) });

const isConcurrency = (error: unknown) => (error as { kind?: string }).kind === 'concurrency';

export const concurrencyCases = ({ store, options }: ContractContext): void => {
  describe('concurrent writers', () => {
    it('given parallel writers on one shared and their own streams, when all finish, then every acknowledged event is stored once, chains intact', async () => {
      const writers = options.concurrentWriters;
      const rounds = 12;
      const acknowledged: StoredEvent[] = [];
      const writer = async (w: number) => {
        for (let r = 0; r < rounds; r++) {
          const n = w * 1000 + r;
          const own = await store().appendToStream(`consultation-own-${w}`, [consultation(n)], { expectedVersion: r === 0 ? 'noStream' : r - 1 });
          acknowledged.push(...own.events);
          const shared = await store().appendToStream('consultation-shared', [consultation(n), consultation(n)], { expectedVersion: 'any' });
          acknowledged.push(...shared.events);
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));

      const events = await expectLogIntact(store(), options.hashAlgorithm);
      expect(events).toHaveLength(writers * rounds * 3);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      expect(new Set(events.map((e) => e.globalPosition)).size).toBe(events.length);
      const byId = new Map(events.map((e) => [e.eventId, e]));
      for (const ack of acknowledged) {
        expect(byId.get(ack.eventId)).toMatchObject({ streamId: ack.streamId, streamPosition: ack.streamPosition, hash: ack.hash });
      }
      // A command's events stay together in its stream.
      const shared = await store().readStream('consultation-shared');
      for (let i = 0; i < shared.length; i += 2) expect(shared[i]!.data).toEqual(shared[i + 1]!.data);
    });

    it('given writers racing on the same expected version, when they append, then exactly one wins each round and the losers store nothing', async () => {
      const writers = options.concurrentWriters;
      const rounds = 5;
      await store().appendToStream('consultation-race', [consultation(0)]);
      for (let round = 0; round < rounds; round++) {
        const outcomes = await Promise.allSettled(
          Array.from({ length: writers }, (_, w) =>
            store().appendToStream('consultation-race', [consultation(1 + round * 100 + w)], { expectedVersion: round }),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((o) => isConcurrency(o.reason))).toBe(true);
      }
      const stream = await store().readStream('consultation-race');
      expect(stream.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4, 5]);
      await expectLogIntact(store(), options.hashAlgorithm);
    });

    it('given optimistic writers that retry on conflict, when all finish, then the stream holds every write exactly once', async () => {
      const writers = options.concurrentWriters;
      const perWriter = 6;
      const writer = async (w: number) => {
        for (let i = 0; i < perWriter; i++) {
          for (;;) {
            const current = await store().readStream('consultation-retry');
            const expectedVersion = current.length === 0 ? ('noStream' as const) : current.length - 1;
            try {
              await store().appendToStream('consultation-retry', [consultation(w * 100 + i)], { expectedVersion });
              break;
            } catch (error) {
              if (!isConcurrency(error)) throw error;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
      const stream = await store().readStream('consultation-retry');
      expect(stream).toHaveLength(writers * perWriter);
      const ids = stream.map((e) => (e.data as { consultationId: string }).consultationId).sort();
      expect(ids).toEqual(
        Array.from({ length: writers }, (_, w) => Array.from({ length: perWriter }, (_, i) => `consultation-${w * 100 + i}`))
          .flat()
          .sort(),
      );
      await expectLogIntact(store(), options.hashAlgorithm);
    });
  });
};
