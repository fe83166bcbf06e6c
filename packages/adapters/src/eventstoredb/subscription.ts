import { createCatchUpWaiters, DEFAULT_MAX_RETRY_DELAY_MS, retryDelay, SubscriptionStoppedError, type SubscribeOptions, type Subscription } from '@banjian/core';
import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { subscribeToOwnEvents } from './all-events';
import { toRecord, toStoredEvent } from './records';

export interface SubscriptionDeps {
  client: EventStoreDBClient;
  prefix: string;
  /** The global position of the last event of ours now in `$all` (what `caughtUp()` waits for). */
  lastPosition: () => Promise<number>;
}

const STOP = Symbol('stop');

/**
 * Our port's subscription over an EventStoreDB catch-up subscription to `$all` (server-side filter,
 * `fromPosition` = the checkpoint): events reach the handler one at a time, in `$all` order; the
 * checkpoint is the commit position of the last event handled (type-filtered events count as
 * handled, so a resumed subscription does not scan them again).
 */
export const catchUpSubscription = ({ client, prefix, lastPosition }: SubscriptionDeps, options: SubscribeOptions): Subscription => {
  const types = options.types ? new Set(options.types) : undefined;
  let position = options.after ?? 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const waiters = createCatchUpWaiters();
  let signalStop!: (value: typeof STOP) => void;
  const stopSignal = new Promise<typeof STOP>((resolve) => {
    signalStop = resolve;
  });

  /** One catch-up subscription from the checkpoint; resolves with the store's failure, if that is how it ended. */
  const follow = async (): Promise<{ error: unknown } | undefined> => {
    const stream = subscribeToOwnEvents(client, prefix, position);
    const events = stream[Symbol.asyncIterator]() as AsyncIterator<ResolvedEvent>;
    try {
      while (!stopped) {
        const pending = events.next();
        // A read still pending when stop wins the race ends with the stream; nobody awaits it.
        pending.catch(() => undefined);
        let next: IteratorResult<ResolvedEvent> | typeof STOP;
        try {
          next = await Promise.race([pending, stopSignal]);
        } catch (error) {
          return { error };
        }
        if (next === STOP) return undefined;
        if (next.done) return { error: new Error('the server ended the subscription') };
        const record = toRecord(next.value, prefix);
        if (types === undefined || types.has(record.type)) await options.handler(toStoredEvent(record));
        position = record.raw.globalPosition;
        attempt = 0;
        waiters.reached(position);
      }
      return undefined;
    } finally {
      // Not `events.return()`: it would queue behind the read still pending on a quiet subscription.
      await stream.unsubscribe();
      stream.destroy();
    }
  };

  let attempt = 0;
  const run = async (): Promise<void> => {
    try {
      // A lost connection or a server that ends the subscription is reported and followed again from the checkpoint.
      for (let lost = await follow(); lost && !stopped; lost = await follow()) {
        attempt++;
        const delayMs = retryDelay(attempt, options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS);
        options.onRetry?.({ error: lost.error, attempt, delayMs, checkpoint: position });
        await Promise.race([new Promise((resolve) => setTimeout(resolve, delayMs)), stopSignal]);
      }
    } catch (error) {
      // Only the handler (or an event we cannot read) gets here: stopped before that event.
      if (!stopped) {
        failure = { error };
        options.onError?.(error);
      }
    } finally {
      stopped = true;
      waiters.end(position, failure);
    }
  };
  // Start after subscribe() returns: the handler never runs inside the caller's frame.
  const done = Promise.resolve().then(run);

  return {
    get checkpoint() {
      return position;
    },
    async caughtUp() {
      const target = await lastPosition();
      if (position >= target) return;
      if (stopped) throw failure ? failure.error : new SubscriptionStoppedError(position);
      await waiters.wait(target);
    },
    async stop() {
      stopped = true;
      signalStop(STOP);
      await done;
    },
  };
};
