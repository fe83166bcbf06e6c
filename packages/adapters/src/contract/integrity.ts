import { hasRawEvents } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { awkwardTexts, caseOpening, consultation, consultations } from './fixtures';
import { collect, expectLogIntact } from './helpers';
import type { ContractContext } from './types';

export const integrityCases = ({ store, options }: ContractContext): void => {
  describe('hash chain', () => {
    it('given appends across streams and batches, when the log is read, then every chain links and every hash recomputes', async () => {
      await store().appendToStream('consultation-a', consultations(0, 3));
      await store().appendToStream('case-c-1', caseOpening('c-1'));
      await store().appendToStream('consultation-a', consultations(3, 2));
      const events = await expectLogIntact(store(), options.hashAlgorithm);
      expect(events).toHaveLength(7);
    });

    it('given an event appended to one stream, when another stream grows, then its chain is untouched', async () => {
      const [first] = (await store().appendToStream('consultation-a', [consultation(0)])).events;
      await store().appendToStream('consultation-b', consultations(1, 3));
      const [again] = await store().readStream('consultation-a');
      expect(again!.hash).toBe(first!.hash);
      const next = await store().appendToStream('consultation-a', [consultation(9)]);
      expect(next.events[0]!.prevHash).toBe(first!.hash);
    });
  });

  describe('large streams', () => {
    it(`given ${options.largeStreamSize} events appended in batches to one stream, when read, then all are there, in order, chained`, async () => {
      const size = options.largeStreamSize;
      const batch = 250;
      for (let from = 0; from < size; from += batch) {
        await store().appendToStream('consultation-big', consultations(from, Math.min(batch, size - from)), {
          expectedVersion: from === 0 ? 'noStream' : from - 1,
        });
      }
      const events = await store().readStream('consultation-big');
      expect(events).toHaveLength(size);
      expect(events.every((e, i) => e.streamPosition === i)).toBe(true);
      expect(events.map((e) => (e.data as { consultationId: string }).consultationId)).toEqual(
        Array.from({ length: size }, (_, i) => `consultation-${i}`),
      );
      const tail = await store().readStream('consultation-big', { from: size - 10 });
      expect(tail.map((e) => e.streamPosition)).toEqual(Array.from({ length: 10 }, (_, i) => size - 10 + i));
      await expectLogIntact(store(), options.hashAlgorithm);
    });
  });

  describe('unicode payloads', () => {
    it('given CJK, emoji, astral-plane and combining text, when stored and read, then it comes back byte for byte', async () => {
      await store().appendToStream(
        'consultation-文字',
        awkwardTexts.map((topic, i) => consultation(i, { topic })),
      );
      const events = await store().readStream('consultation-文字');
      const topics = events.map((e) => (e.data as { topic: string }).topic);
      expect(topics).toEqual(awkwardTexts);
      topics.forEach((topic, i) => expect(Buffer.from(topic, 'utf8').equals(Buffer.from(awkwardTexts[i] as string, 'utf8'))).toBe(true));
      // Not normalised: the decomposed é stays two code points.
      expect(topics[3]!.startsWith('e\u0301')).toBe(true);
      expect(events[0]!.streamId).toBe('consultation-文字');
      const all = await collect(store().readAll());
      expect(all.map((e) => (e.data as { topic: string }).topic)).toEqual(awkwardTexts);
      const current = store();
      if (hasRawEvents(current)) {
        const raw = await collect(current.readRaw());
        // RFC 8785 keeps non-ASCII characters as they are, unescaped.
        expect(raw[2]!.canonical).toContain('𠀀𠮷𪚥');
      }
      await expectLogIntact(store(), options.hashAlgorithm);
    });
  });
};
