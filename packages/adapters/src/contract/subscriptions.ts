import type { StoredEvent } from '@banjian/core';
import { describe, expect, it, vi } from 'vitest';
import { consultation, consultations } from './fixtures';
import { collect } from './helpers';
import type { ContractContext } from './types';

export const subscriptionCases = ({ store, options }: ContractContext): void => {
  const waitFor = (check: () => void) => vi.waitFor(check, { timeout: options.liveTimeoutMs, interval: 5 });

  describe('subscriptions', () => {
    it('given stored events, when subscribed, then it catches up, follows live appends, and stops', async () => {
      await store().appendToStream('consultation-a', consultations(0, 5));
      const seen: StoredEvent[] = [];
      const subscription = store().subscribe({ handler: (e) => void seen.push(e) });
      await subscription.caughtUp();
      expect(seen.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4]);

      await store().appendToStream('consultation-b', consultations(100, 2));
      await waitFor(() => expect(seen).toHaveLength(7));
      await subscription.stop();
      const stoppedAt = subscription.checkpoint;
      expect(stoppedAt).toBe(seen[6]!.globalPosition);

      await store().appendToStream('consultation-a', [consultation(5)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toHaveLength(7);
      expect(subscription.checkpoint).toBe(stoppedAt);
    });

    it('given a checkpoint, when a new subscription resumes from it, then no event is handled twice and none is skipped', async () => {
      await store().appendToStream('consultation-a', consultations(0, 6));
      const first: StoredEvent[] = [];
      const one = store().subscribe({
        handler: (e) => {
          first.push(e);
        },
      });
      await one.caughtUp();
      await one.stop();

      await store().appendToStream('consultation-a', consultations(6, 4));
      const second: StoredEvent[] = [];
      const two = store().subscribe({ after: one.checkpoint, handler: (e) => void second.push(e) });
      await two.caughtUp();
      await store().appendToStream('consultation-b', consultations(50, 3));
      await waitFor(() => expect(second).toHaveLength(7));
      await two.stop();

      const all = await collect(store().readAll());
      expect([...first, ...second].map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
      expect([...first, ...second].map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
    });

    it('given a types filter, when subscribed, then only those types are handled, in order', async () => {
      await store().appendToStream('consultation-a', consultations(0, 2));
      const seen: string[] = [];
      const subscription = store().subscribe({ types: ['ConsultationRecorded'], handler: (e) => void seen.push(e.streamId) });
      await subscription.caughtUp();
      await store().appendToStream('case-x', [
        {
          type: 'CaseWithdrawn',
          data: { caseId: 'x', reason: '申请人撤回' },
          occurredAt: consultation(0).occurredAt,
          actor: consultation(0).actor,
        },
      ]);
      await store().appendToStream('consultation-b', [consultation(9)]);
      await waitFor(() => expect(seen).toEqual(['consultation-a', 'consultation-a', 'consultation-b']));
      await subscription.caughtUp();
      await subscription.stop();
    });

    it('given an async handler, when events arrive, then each waits for the previous one to finish', async () => {
      await store().appendToStream('consultation-a', consultations(0, 4));
      let running = 0;
      let overlapped = false;
      const seen: number[] = [];
      const subscription = store().subscribe({
        handler: async (e) => {
          running += 1;
          if (running > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 2));
          seen.push(e.streamPosition);
          running -= 1;
        },
      });
      await subscription.caughtUp();
      await subscription.stop();
      expect(seen).toEqual([0, 1, 2, 3]);
      expect(overlapped).toBe(false);
    });

    it('given a handler that fails, when it throws, then onError gets the error and the checkpoint stays before that event', async () => {
      await store().appendToStream('consultation-a', consultations(0, 3));
      const failure = new Error('projection broke');
      const errors: unknown[] = [];
      const handled: number[] = [];
      const subscription = store().subscribe({
        handler: (e) => {
          if (e.streamPosition === 1) throw failure;
          handled.push(e.streamPosition);
        },
        onError: (error) => errors.push(error),
      });
      await waitFor(() => expect(errors).toEqual([failure]));
      await subscription.stop();
      expect(handled).toEqual([0]);
      const all = await collect(store().readAll());
      expect(subscription.checkpoint).toBe(all[0]!.globalPosition);
    });
  });
};
