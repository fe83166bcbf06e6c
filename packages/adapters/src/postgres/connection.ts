import type pg from 'pg';
import { requireDriver } from '../drivers/index';
import { createHostChoice, hostChoosingClient, probeReadOnly, type HostState } from './host-choice';
import { needsHostChoice, parsePostgresUrl, PostgresUrlError, type HostAddress } from './host-list';

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

export interface PoolOptions {
  /** Connections at most (the driver's `max`). */
  readonly max: number;
  /**
   * How long asking one server of a host list whether it takes writes may last; an unreachable
   * server counts as down after it. The URL's `connect_timeout` (seconds) sets it too.
   * @defaultValue 3000
   */
  readonly probeTimeoutMs?: number;
  /** Told of each server of a host list that new connections go to (the first, and each after a failover). */
  readonly onHostChosen?: (address: HostAddress, states: readonly HostState[]) => void;
}

/**
 * The driver's pool on a `postgres://` URL. A URL with a host list (`postgres://h1:p1,h2:p2/db`,
 * which the driver itself does not read) or a `target_session_attrs` gets connections that go only
 * to a server of that kind: with several hosts by default the one taking writes (`read-write`).
 * Each new connection goes to the server chosen last; when a connection to it fails or (for
 * `read-write`) finds it read-only, every server is asked again (`pg_is_in_recovery()`,
 * `transaction_read_only`) and the first in the list's order that fits is chosen. Until one does,
 * connecting fails with `NoWritableHostError` (SQLSTATE 08001), which appends, reads and
 * subscriptions wait out with their backoff like any lost connection.
 */
export const createPool = (connectionString: string, { max, probeTimeoutMs, onHostChosen }: PoolOptions): pg.Pool => {
  const driver = requireDriver<typeof pg>('pg', 'postgres://');
  let url;
  try {
    url = parsePostgresUrl(connectionString);
  } catch (error) {
    // What this reader cannot read and names one server at most goes to the driver as before.
    if (error instanceof PostgresUrlError && !connectionString.includes(',')) return new driver.Pool({ connectionString, max });
    throw error;
  }
  if (!needsHostChoice(url)) {
    const asked = /[?&]target_session_attrs=/.test(connectionString);
    return new driver.Pool({ connectionString: asked ? url.connectionStringFor(url.hosts[0] as HostAddress) : connectionString, max });
  }
  const timeoutParam = url.params.get('connect_timeout');
  const timeoutMs = probeTimeoutMs ?? (timeoutParam === null ? 3_000 : Number(timeoutParam) * 1000);
  const choice = createHostChoice({
    hosts: url.hosts,
    target: url.targetSessionAttrs,
    probe: (address) => probeReadOnly(driver.Client, url.connectionStringFor(address), timeoutMs),
    ...(onHostChosen ? { onChoose: onHostChosen } : {}),
  });
  return new driver.Pool({
    connectionString: url.connectionStringFor(url.hosts[0] as HostAddress),
    max,
    Client: hostChoosingClient(driver.Client, choice, url.targetSessionAttrs === 'read-write'),
  });
};
