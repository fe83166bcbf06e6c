import type pg from 'pg';

/**
 * SQLSTATEs after which the same statement may well succeed on a new connection: connection
 * exceptions (class 08), the backend terminated or the server shutting down or starting (57P01–57P03),
 * too many connections, and a server that became (or still is) a read-only standby (25006).
 */
const TRANSIENT_CODES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const DRIVER_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended)/;

/** Did the statement fail because the connection or the server went away (not because of what it asked)? */
export const isConnectionFailure = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || TRANSIENT_CODES.has(code) || NODE_CODES.has(code))) return true;
  return typeof message === 'string' && DRIVER_MESSAGES.test(message);
};

/**
 * A pooled connection held across awaits. The driver emits `'error'` on a client when the server
 * ends the connection while no query of it is running (a terminated backend's FATAL can arrive
 * right after the last answer); a client out of the pool has no listener for it, and an unheard
 * `'error'` ends the process. This one is heard, and the connection is released as broken.
 */
export const checkout = async (pool: pg.Pool): Promise<{ client: pg.PoolClient; release: (error?: unknown) => void }> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on('error', onError);
  return {
    client,
    release(error?: unknown) {
      client.removeListener('error', onError);
      const cause = error ?? broken;
      client.release(cause === undefined ? undefined : cause instanceof Error ? cause : new Error(String(cause)));
    },
  };
};
