import { retryDelay } from '@banjian/core';
import type pg from 'pg';

/**
 * Tells other processes that the log grew, at most one NOTIFY every `intervalMs`. Under load the
 * NOTIFY rides in an append's own transaction (`take` before a group is sent, `done` when it is
 * answered), so it costs no round trip and no commit of its own; it is delivered when that
 * transaction commits, after every append acknowledged before it was sent. Appends it does not
 * cover are announced by the next group that carries one, or, when none comes within the interval,
 * by a `pg_notify` on its own. Only one NOTIFY is in flight at a time: a NOTIFY holds a
 * database-wide lock from commit until the commit is durable, so two would queue behind each
 * other's WAL flush.
 */
export const createNotifier = (pool: pg.Pool, channel: string, intervalMs: number) => {
  /** Groups stored without a NOTIFY of their own, and how many of those a committed NOTIFY followed. */
  let stored = 0;
  let covered = 0;
  /** Stored groups the NOTIFY in flight will cover (undefined: none in flight). */
  let inFlight: number | undefined;
  let lastSent = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alone: Promise<void> | undefined;
  let closed = false;

  const owed = () => stored > covered;
  const start = (): number => {
    inFlight = stored;
    lastSent = performance.now();
    return inFlight;
  };
  const finish = (covers: number, delivered: boolean) => {
    inFlight = undefined;
    if (delivered) covered = Math.max(covered, covers);
    schedule();
  };
  const sendAlone = (): Promise<void> => {
    const covers = start();
    alone = pool.query('SELECT pg_notify($1, $2)', [channel, '']).then(
      () => finish(covers, true),
      // Listeners also poll: a lost notification only delays them.
      () => finish(covers, false),
    );
    return alone.finally(() => (alone = undefined));
  };
  const schedule = (): void => {
    if (closed || timer !== undefined || inFlight !== undefined || !owed()) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        if (inFlight === undefined && owed()) void sendAlone();
      },
      Math.max(0, lastSent + intervalMs - performance.now()),
    );
  };

  return {
    /** Whether the group about to be sent carries the NOTIFY; `done` must follow either way. */
    take(): boolean {
      if (inFlight !== undefined || performance.now() - lastSent < intervalMs) return false;
      start();
      return true;
    },
    /** The group was answered: `committed` when its transaction committed, `storedEvents` when it stored any. */
    done(carried: boolean, committed: boolean, storedEvents: boolean): void {
      if (carried) finish(inFlight ?? stored, committed);
      else if (storedEvents) {
        stored += 1;
        schedule();
      }
    },
    /** Announce at once whatever is not yet announced; nothing is sent on its own after this. */
    async flush(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      while (alone) await alone;
      if (inFlight === undefined && owed()) await sendAlone();
    },
  };
};

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * Wakes this process's subscriptions: at once on its own appends, and on NOTIFY from others over
 * one connection held from the pool (opened with the first subscription). If that connection is
 * lost (a restart, a failover to another server of a host list), the subscriptions poll meanwhile
 * and it is opened again after a doubling wait (50 ms up to 5 s), waking them once it is.
 */
export const createListener = (pool: pg.Pool, channel: string) => {
  const wakers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of wakers) wake();
  };
  let connection: Promise<pg.PoolClient | undefined> | undefined;
  /** Clients given back to the pool: a later error on one is the pool's, not this listener's. */
  const released = new WeakSet<pg.PoolClient>();
  let closed = false;
  let lost = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const reconnectLater = () => {
    if (closed || wakers.size === 0 || retry !== undefined) return;
    lost++;
    retry = setTimeout(() => {
      retry = undefined;
      void connect().then((client) => {
        if (!client) return;
        lost = 0;
        // What was announced while no one listened is read now.
        wakeAll();
      });
    }, retryDelay(lost, 5_000));
    retry.unref?.();
  };
  const connect = (): Promise<pg.PoolClient | undefined> =>
    (connection ??= (async () => {
      const client = await pool.connect();
      const giveBack = (error: Error): boolean => {
        if (released.has(client)) return false;
        released.add(client);
        client.release(error);
        return true;
      };
      client.on('error', (error) => {
        if (!giveBack(error)) return;
        connection = undefined;
        reconnectLater();
      });
      try {
        await client.query(`LISTEN ${channel}`);
      } catch (error) {
        giveBack(error as Error);
        throw error;
      }
      client.on('notification', wakeAll);
      return client;
    })().catch(() => {
      connection = undefined;
      reconnectLater();
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
      closed = true;
      clearTimeout(retry);
      const client = await connection;
      connection = undefined;
      if (!client) return;
      client.removeListener('notification', wakeAll);
      if (released.has(client)) return;
      released.add(client);
      try {
        await client.query(`UNLISTEN ${channel}`);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    },
  };
};
