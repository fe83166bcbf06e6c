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

/** A log of `count` events whose reads fail while `failures` has entries left (each names the read it breaks). */
const flakyLog = (count: number, failures: ('head' | 'page')[]) => {
  const events = Array.from({ length: count }, (_, i) => ({ globalPosition: i + 1, type: 'VisitRecorded' }) as StoredEvent);
  const fail = (read: 'head' | 'page') => {
    if (failures[0] === read) {
      failures.shift();
      throw new Error(`connection lost while reading the ${read}`);
    }
  };
  const reads: number[] = [];
  const source: PollingSource = {
    head() {
      fail('head');
      return events.length;
    },
    readPage(after, until, limit) {
      fail('page');
      reads.push(after);
      return events.slice(after, Math.min(until, after + limit));
    },
    listen: () => () => undefined,
    pollIntervalMs: 600_000,
    pageSize: 2,
  };
  return { source, reads };
};

describe('pollingSubscription: store failures', () => {
  it('given reads that fail, when subscribed, then each failure is reported with a doubling wait and the events are handled once, in order', async () => {
    const log = flakyLog(5, ['head', 'head', 'page', 'head', 'page']);
    // A read that answers ends the streak: the next failure waits 50 ms again.
    const handled: number[] = [];
    const retries: { attempt: number; delayMs: number; checkpoint: number }[] = [];
    const subscription = pollingSubscription(log.source, {
      handler: (e) => void handled.push(e.globalPosition),
      onRetry: ({ attempt, delayMs, checkpoint }) => retries.push({ attempt, delayMs, checkpoint }),
      onError: () => expect.fail('a store failure must not stop the subscription'),
      maxRetryDelayMs: 80,
    });
    await expect.poll(() => handled, { timeout: 5_000 }).toEqual([1, 2, 3, 4, 5]);
    await subscription.stop();
    expect(retries.map((r) => [r.attempt, r.delayMs])).toEqual([[1, 50], [2, 80], [1, 50], [1, 50], [1, 50]]);
    expect(retries.every((r) => handled.includes(r.checkpoint) || r.checkpoint === 0)).toBe(true);
  });

  it('given a subscription waiting out a failure, when stopped, then it stops at once without reporting an error', async () => {
    const log = flakyLog(1, Array.from({ length: 100 }, () => 'head' as const));
    const errors: unknown[] = [];
    let retried!: () => void;
    const firstRetry = new Promise<void>((resolve) => (retried = resolve));
    const subscription = pollingSubscription(log.source, { handler: () => undefined, onError: (e) => errors.push(e), onRetry: () => retried(), maxRetryDelayMs: 600_000 });
    await firstRetry;
    await subscription.stop();
    expect(errors).toEqual([]);
    expect(subscription.checkpoint).toBe(0);
  });
});
