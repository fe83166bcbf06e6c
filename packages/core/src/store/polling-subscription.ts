import type { StoredEvent } from '../events/envelope';
import { createCatchUpWaiters, SubscriptionStoppedError } from './catch-up-waiters';
import type { SubscribeOptions, Subscription } from './port';
import { createStoreRetry } from './store-retry';

/** What a subscription needs from a store: pages after a position, the head, in-process wake-ups, a poll interval. */
export interface PollingSource {
  /**
   * Up to `limit` events with after < global position ≤ `until`, in global order, of `types` if
   * given. `until` is a head this source gave: everything up to it is final.
   */
  readPage(after: number, until: number, limit: number, types: readonly string[] | undefined): StoredEvent[] | Promise<StoredEvent[]>;
  /** The global position of the last event a reader may see (0 when empty); it never goes back. */
  head(): number | Promise<number>;
  /** Call `wake` whenever this process appends; returns how to stop listening. */
  listen(wake: () => void): () => void;
  /** How often to look for appends by other processes. */
  pollIntervalMs: number;
  pageSize?: number;
}

/**
 * Catch-up then live: reads pages after the checkpoint, hands events to the handler one at a time,
 * and when caught up waits for an in-process append (immediate) or the next poll of the head.
 * `scanned` runs ahead of `checkpoint` when events of other types were passed over.
 */
export const pollingSubscription = (source: PollingSource, options: SubscribeOptions): Subscription => {
  const pageSize = source.pageSize ?? 500;
  let checkpoint = options.after ?? 0;
  let scanned = checkpoint;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  // A wake-up that comes while the loop is reading (not asleep) must not be lost: the next sleep returns at once.
  let wokenWhileBusy = false;
  const waiters = createCatchUpWaiters();

  const rouse = () => {
    if (wake) wake();
    else wokenWhileBusy = true;
  };
  const unlisten = source.listen(rouse);

  const sleep = (ms = source.pollIntervalMs) =>
    new Promise<void>((resolve) => {
      if (wokenWhileBusy || stopped) {
        wokenWhileBusy = false;
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = undefined;
    });

  /** Reads from the store, retried with a doubling wait until it answers or the subscription stops. */
  const retrying = createStoreRetry(options, () => checkpoint, () => stopped, (ms) => sleep(ms));
  const run = async (): Promise<void> => {
    try {
      while (!stopped) {
        const head = await retrying(() => source.head());
        if (head === undefined) return;
        if (head <= scanned) {
          waiters.reached(scanned);
          await sleep();
          continue;
        }
        const page = await retrying(() => source.readPage(scanned, head, pageSize, options.types));
        if (page === undefined) return;
        for (const event of page) {
          if (stopped) return;
          await options.handler(event);
          checkpoint = event.globalPosition;
          scanned = checkpoint;
          waiters.reached(scanned);
        }
        // A short page read everything up to the head seen before it (events of other types included).
        if (page.length < pageSize && !stopped) scanned = Math.max(scanned, head);
      }
    } catch (error) {
      // Only the handler gets here: a projection that fails on an event is stopped before it, not retried.
      failure = { error };
      stopped = true;
      options.onError?.(error);
    } finally {
      unlisten();
      waiters.end(checkpoint, failure);
    }
  };
  const done = Promise.resolve().then(run);

  return {
    get checkpoint() {
      return checkpoint;
    },
    async caughtUp() {
      const target = await source.head();
      if (scanned >= target) return;
      if (stopped) throw failure ? failure.error : new SubscriptionStoppedError(checkpoint);
      const caught = waiters.wait(target);
      rouse();
      await caught;
    },
    async stop() {
      stopped = true;
      rouse();
      await done;
    },
  };
};
