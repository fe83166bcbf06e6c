import type pg from 'pg';

/**
 * Tells other processes that the log grew: after an append commits, a `pg_notify` on its own,
 * at most one every `intervalMs`, standing for all the appends that committed meanwhile. Sent
 * outside the append's transaction on purpose: a NOTIFY inside it takes a database-wide lock
 * through commit and would serialize the writers' commits (no group commit).
 */
export const createNotifier = (pool: pg.Pool, channel: string, intervalMs: number) => {
  let busy: Promise<void> | undefined;
  let again = false;
  const send = (): void => {
    again = false;
    busy = pool
      .query('SELECT pg_notify($1, $2)', [channel, ''])
      .then(
        () => undefined,
        // Listeners also poll: a lost notification only delays them.
        () => undefined,
      )
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, intervalMs)))
      .finally(() => {
        busy = undefined;
        if (again) send();
      });
  };
  return {
    announce(): void {
      if (busy) again = true;
      else send();
    },
    async flush(): Promise<void> {
      while (busy) await busy;
    },
  };
};

/**
 * Wakes this process's subscriptions: at once on its own appends, and on NOTIFY from others over
 * one connection held from the pool (opened with the first subscription). If that connection is
 * lost the subscriptions still poll, and the next subscription opens a new one.
 */
export const createListener = (pool: pg.Pool, channel: string) => {
  const wakers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of wakers) wake();
  };
  let connection: Promise<pg.PoolClient | undefined> | undefined;
  const connect = (): Promise<pg.PoolClient | undefined> =>
    (connection ??= (async () => {
      const client = await pool.connect();
      client.on('notification', wakeAll);
      client.on('error', (error) => {
        connection = undefined;
        client.release(error);
      });
      await client.query(`LISTEN ${channel}`);
      return client;
    })().catch(() => {
      connection = undefined;
      return undefined;
    }));

  return {
    wakeAll,
    listen(wake: () => void): () => void {
      wakers.add(wake);
      void connect();
      return () => void wakers.delete(wake);
    },
    async close(): Promise<void> {
      const client = await connection;
      connection = undefined;
      if (!client) return;
      client.removeListener('notification', wakeAll);
      try {
        await client.query(`UNLISTEN ${channel}`);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    },
  };
};
