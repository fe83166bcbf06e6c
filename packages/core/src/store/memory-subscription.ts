import type { StoredEvent } from '../events/envelope';
import type { SubscribeOptions, Subscription } from './port';

/** Tells subscriptions that the log grew; returns how to stop listening. */
export type AppendListener = (listener: () => void) => () => void;

/** The subscription has stopped before reaching the position a `caughtUp()` waited for. */
export class SubscriptionStoppedError extends Error {
  override readonly name = 'SubscriptionStoppedError';
  readonly kind = 'subscriptionStopped' as const;
  constructor(readonly checkpoint: number) {
    super(`subscription stopped at checkpoint ${checkpoint}`);
  }
}

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';

/**
 * A subscription over an append-only array in global order (index = globalPosition − 1): catches up
 * from the checkpoint, then follows live appends, handing events to the handler one at a time.
 */
export const subscribeToLog = (log: readonly StoredEvent[], onAppend: AppendListener, options: SubscribeOptions): Subscription => {
  const types = options.types ? new Set(options.types) : undefined;
  let position = options.after ?? 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const waiters: Waiter[] = [];

  const settleWaiters = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i] as Waiter;
      if (position >= waiter.target) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };
  const unlisten = onAppend(() => wake?.());

  const run = async (): Promise<void> => {
    try {
      while (!stopped) {
        if (position < log.length) {
          const event = log[position] as StoredEvent;
          if (types === undefined || types.has(event.type)) {
            const result = options.handler(event);
            if (isThenable(result)) await result;
          }
          // Skipped events count as handled, so a resumed subscription does not scan them again.
          position += 1;
          if (waiters.length > 0) settleWaiters();
        } else {
          settleWaiters();
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      }
    } catch (error) {
      failure = { error };
      stopped = true;
      options.onError?.(error);
    } finally {
      unlisten();
      for (const waiter of waiters.splice(0)) waiter.reject(failure ? failure.error : new SubscriptionStoppedError(position));
    }
  };
  // Start after subscribe() returns: the handler never runs inside the caller's frame.
  const done = Promise.resolve().then(run);

  return {
    get checkpoint() {
      return position;
    },
    caughtUp() {
      const target = log.length;
      if (position >= target) return Promise.resolve();
      if (stopped) return Promise.reject(failure ? failure.error : new SubscriptionStoppedError(position));
      return new Promise<void>((resolve, reject) => waiters.push({ target, resolve, reject }));
    },
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
};
