/** How many progress look-ups a client may make, and over which window. */
export interface RateLimitOptions {
  /** Look-ups per client per window. @defaultValue 10 */
  readonly limit?: number;
  /** @defaultValue 60 000 ms */
  readonly windowMs?: number;
}

/**
 * A fixed-window counter per client (the peer address): enough to make guessing 查询码 hopeless
 * (10 a minute against 8.5 · 10^11 codes). Windows that ended are dropped as clients come back,
 * so the map holds at most the clients of one window.
 */
export const createRateLimiter = (now: () => Date, { limit = 10, windowMs = 60_000 }: RateLimitOptions = {}) => {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one look-up; the seconds to wait when the client is over its limit, else undefined. */
    take: (client: string): number | undefined => {
      const t = now().getTime();
      if (windows.size > 10_000) for (const [key, w] of windows) if (t - w.start >= windowMs) windows.delete(key);
      const current = windows.get(client);
      const window = current && t - current.start < windowMs ? current : { start: t, count: 0 };
      window.count++;
      windows.set(client, window);
      return window.count > limit ? Math.ceil((window.start + windowMs - t) / 1000) : undefined;
    },
  };
};
