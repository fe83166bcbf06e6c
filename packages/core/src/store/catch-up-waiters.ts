/** The subscription ended (stopped, or its handler or store failed) before reaching its target. */
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

/**
 * The callers of a subscription's `caughtUp()`, each waiting for the subscription to pass a global
 * position; shared by every store's subscription loop.
 */
export const createCatchUpWaiters = () => {
  const waiters: Waiter[] = [];
  return {
    /** Wait until `reached` is called with `target` or beyond (rejected if the subscription ends first). */
    wait(target: number): Promise<void> {
      return new Promise<void>((resolve, reject) => waiters.push({ target, resolve, reject }));
    },
    /** The subscription has passed `position`: release those waiting for it. */
    reached(position: number): void {
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i] as Waiter;
        if (position >= waiter.target) {
          waiters.splice(i, 1);
          waiter.resolve();
        }
      }
    },
    /** The subscription ended at `checkpoint`: every waiter fails with its failure, or as stopped. */
    end(checkpoint: number, failure: { error: unknown } | undefined): void {
      for (const waiter of waiters.splice(0)) waiter.reject(failure ? failure.error : new SubscriptionStoppedError(checkpoint));
    },
  };
};
