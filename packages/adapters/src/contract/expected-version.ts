import { describe, expect, it } from 'vitest';
import { consultation, consultations } from './fixtures';
import { collect, rejection } from './helpers';
import type { ContractContext } from './types';

export const expectedVersionCases = ({ store }: ContractContext): void => {
  describe('expected version', () => {
    it('given no stream, when appending with noStream, then the events start at position 0', async () => {
      const result = await store().appendToStream('consultation-a', consultations(0, 2), { expectedVersion: 'noStream' });
      expect(result.nextExpectedVersion).toBe(1);
      expect(result.events.map((e) => e.streamPosition)).toEqual([0, 1]);
      expect(result.lastGlobalPosition).toBe(result.events[1]?.globalPosition);
    });

    it('given a stream, when appending with noStream, then ConcurrencyError names the actual version and nothing is appended', async () => {
      await store().appendToStream('consultation-a', consultations(0, 3));
      const error = await rejection(store().appendToStream('consultation-a', [consultation(3)], { expectedVersion: 'noStream' }));
      expect(error).toMatchObject({ kind: 'concurrency', streamId: 'consultation-a', expected: 'noStream', actual: 2 });
      expect(await store().readStream('consultation-a')).toHaveLength(3);
    });

    it('given a stream at version 1, when appending with exact version 1, then it succeeds and the next version is 2', async () => {
      await store().appendToStream('consultation-a', consultations(0, 2));
      const result = await store().appendToStream('consultation-a', [consultation(2)], { expectedVersion: 1 });
      expect(result.nextExpectedVersion).toBe(2);
      expect(result.events[0]?.streamPosition).toBe(2);
    });

    it('given a stream at version 2, when appending with a stale exact version, then ConcurrencyError and nothing is appended', async () => {
      await store().appendToStream('consultation-a', consultations(0, 3));
      const error = await rejection(store().appendToStream('consultation-a', [consultation(3)], { expectedVersion: 0 }));
      expect(error).toMatchObject({ kind: 'concurrency', expected: 0, actual: 2 });
      expect(await store().readStream('consultation-a')).toHaveLength(3);
    });

    it('given no stream, when appending with an exact version, then ConcurrencyError says noStream', async () => {
      const error = await rejection(store().appendToStream('consultation-a', [consultation(0)], { expectedVersion: 0 }));
      expect(error).toMatchObject({ kind: 'concurrency', expected: 0, actual: 'noStream' });
      expect(await collect(store().readAll())).toEqual([]);
    });

    it('given no stream, when appending with streamExists, then ConcurrencyError; given one, it succeeds', async () => {
      const error = await rejection(store().appendToStream('consultation-a', [consultation(0)], { expectedVersion: 'streamExists' }));
      expect(error).toMatchObject({ kind: 'concurrency', expected: 'streamExists', actual: 'noStream' });
      await store().appendToStream('consultation-a', [consultation(0)], { expectedVersion: 'noStream' });
      const result = await store().appendToStream('consultation-a', [consultation(1)], { expectedVersion: 'streamExists' });
      expect(result.nextExpectedVersion).toBe(1);
    });

    it('given any stream state, when appending with any (or no option), then it always succeeds', async () => {
      await store().appendToStream('consultation-a', [consultation(0)], { expectedVersion: 'any' });
      await store().appendToStream('consultation-a', [consultation(1)], { expectedVersion: 'any' });
      const result = await store().appendToStream('consultation-a', [consultation(2)]);
      expect(result.nextExpectedVersion).toBe(2);
    });

    it('given an empty batch, when appended, then nothing is stored and the version is reported unchanged', async () => {
      await store().appendToStream('consultation-a', consultations(0, 2));
      const result = await store().appendToStream('consultation-a', [], { expectedVersion: 1 });
      expect(result.events).toEqual([]);
      expect(result.nextExpectedVersion).toBe(1);
      expect(await collect(store().readAll())).toHaveLength(2);
    });
  });
};
