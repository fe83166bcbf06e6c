import type { SubscribeOptions } from './port';

const FIRST_DELAY_MS = 50;
export const DEFAULT_MAX_RETRY_DELAY_MS = 5_000;

/** The wait before the `attempt`-th retry: doubling from 50 ms, at most `maxMs`. */
export const retryDelay = (attempt: number, maxMs: number): number => Math.min(maxMs, FIRST_DELAY_MS * 2 ** Math.min(attempt - 1, 20));

/**
 * A subscription's reads of the store: a failure is reported (`onRetry`) and the read is tried
 * again after a doubling wait, until it answers (undefined once the subscription is stopped). A
 * wake-up or `stop()` cuts a wait short, so a stopped subscription does not linger in back-off.
 */
export const createStoreRetry = (
  options: Pick<SubscribeOptions, 'onRetry' | 'maxRetryDelayMs'>,
  checkpoint: () => number,
  stopped: () => boolean,
  wait: (ms: number) => Promise<void>,
) => {
  const maxMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  return async <T>(read: () => T | Promise<T>): Promise<T | undefined> => {
    for (let attempt = 1; !stopped(); attempt++) {
      try {
        return await read();
      } catch (error) {
        if (stopped()) return undefined;
        const delayMs = retryDelay(attempt, maxMs);
        options.onRetry?.({ error, attempt, delayMs, checkpoint: checkpoint() });
        await wait(delayMs);
      }
    }
    return undefined;
  };
};
