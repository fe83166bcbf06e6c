import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events/envelope';
import { pollingSubscription, type PollingSource } from './polling-subscription';

/** A log in memory whose head() answers only when the test lets it: the gap in which an append can land. */
const gatedLog = () => {
  const events: StoredEvent[] = [];
  const listeners = new Set<() => void>();
  let openGate: (() => void) | undefined;
  let headAsked: (() => void) | undefined;
  let gated = false;
  const source: PollingSource = {
    async head() {
      // The head as of the call, answered later: what a database round trip gives.
      const length = events.length;
      if (gated) {
        headAsked?.();
        await new Promise<void>((resolve) => (openGate = resolve));
      }
      return length;
    },
    readPage: (after, until, limit) => events.slice(after, Math.min(until, after + limit)),
    listen(wake) {
      listeners.add(wake);
      return () => void listeners.delete(wake);
    },
    // Far longer than the test's timeout: only a wake-up can deliver in time.
    pollIntervalMs: 600_000,
  };
  return {
    source,
    /** The next head() waits until `release`; resolves once the loop is waiting in it. */
    gateNextHead: () =>
      new Promise<void>((resolve) => {
        gated = true;
        headAsked = () => {
          gated = false;
          resolve();
        };
      }),
    release: () => openGate?.(),
    append(position: number) {
      events.push({ globalPosition: position, type: 'VisitRecorded' } as StoredEvent);
      for (const wake of listeners) wake();
    },
  };
};

describe('pollingSubscription', () => {
  it('given the loop is reading the head, when an append wakes it then, then the event is handled without waiting for the next poll', async () => {
    const log = gatedLog();
    const handled: number[] = [];
    const gate = log.gateNextHead();
    const subscription = pollingSubscription(log.source, { handler: (e) => void handled.push(e.globalPosition) });
    await gate;
    // The append lands (and wakes) while head() is in flight; head() then answers with the length before it.
    log.append(1);
    log.release();
    await expect.poll(() => handled, { timeout: 2_000 }).toEqual([1]);
    await subscription.stop();
  });

  it('given the loop is reading the head, when stop() is called then, then it returns without sleeping a poll interval', async () => {
    const log = gatedLog();
    const gate = log.gateNextHead();
    const subscription = pollingSubscription(log.source, { handler: () => undefined });
    await gate;
    const stopping = subscription.stop();
    log.release();
    await stopping;
    expect(subscription.checkpoint).toBe(0);
  });
});
