/**
 * In-process queues per stream: appends of this process to one stream take turns, so they never
 * race each other through the database (each seals on the head the previous one left). Several
 * streams are taken in sorted order, so two multi-stream appends cannot wait on each other.
 */
export const createStreamLocks = () => {
  const tails = new Map<string, Promise<void>>();

  const acquire = async (streamId: string): Promise<() => void> => {
    const previous = tails.get(streamId);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    tails.set(streamId, mine);
    if (previous) await previous;
    return () => {
      if (tails.get(streamId) === mine) tails.delete(streamId);
      release();
    };
  };

  return async <T>(streamIds: readonly string[], work: () => Promise<T>): Promise<T> => {
    const releases: (() => void)[] = [];
    try {
      for (const streamId of [...new Set(streamIds)].sort()) releases.push(await acquire(streamId));
      return await work();
    } finally {
      for (const release of releases) release();
    }
  };
};
