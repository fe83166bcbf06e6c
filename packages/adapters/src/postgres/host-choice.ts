import type pg from 'pg';
import type { HostAddress, TargetSessionAttrs } from './host-list';

/** A standby in recovery, or a server whose sessions are read-only by default, takes no writes. */
const READ_ONLY_SQL = `SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'`;

export interface HostState {
  readonly address: HostAddress;
  readonly state: 'writable' | 'readOnly' | 'down';
  readonly error?: unknown;
}

const describe = ({ address, state, error }: HostState) =>
  `${address.host}:${address.port} ${state === 'down' ? `down (${(error as Error | undefined)?.message ?? String(error)})` : state === 'readOnly' ? 'read-only' : 'writable'}`;

/**
 * No server of the host list fits right now: none accepts writes (all down, or all standbys: a
 * failover not yet done), or, for `standby`, none is read-only. Its SQLSTATE is 08001, so appends,
 * reads and subscriptions wait it out and try again.
 */
export class NoWritableHostError extends Error {
  override readonly name = 'NoWritableHostError';
  readonly kind = 'noWritableHost' as const;
  readonly code = '08001';
  constructor(
    readonly hosts: readonly HostState[],
    readonly target: TargetSessionAttrs = 'read-write',
  ) {
    super(`no server of the host list ${target === 'read-write' ? 'accepts writes' : `fits target_session_attrs=${target}`}: ${hosts.map(describe).join('; ')}`);
  }
}

/** The chosen server turned out read-only once connected (it was demoted, or a standby answered first). SQLSTATE 25006. */
export class ReadOnlyHostError extends Error {
  override readonly name = 'ReadOnlyHostError';
  readonly kind = 'readOnlyHost' as const;
  readonly code = '25006';
  constructor(readonly address: HostAddress) {
    super(`${address.host}:${address.port} is read-only (a standby, or read-only sessions): choosing again`);
  }
}

export interface HostChoiceOptions {
  readonly hosts: readonly HostAddress[];
  readonly target: TargetSessionAttrs;
  /** Whether the server at `address` is read-only; throws when it cannot be reached. */
  readonly probe: (address: HostAddress) => Promise<boolean>;
  /**
   * Least time between two rounds of probes, so that callers retrying at once do not flood the servers.
   * @defaultValue 50
   */
  readonly minProbeIntervalMs?: number;
  /** Told of each server chosen (the first, and each one after a failover). */
  readonly onChoose?: (address: HostAddress, states: readonly HostState[]) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Which server of a host list new connections go to: the one chosen last, until a connection to it
 * fails; then every server is asked at once and the first in the list's order that fits the target
 * (for `read-write`, one not read-only) is chosen. Callers asking meanwhile share that one round.
 */
export const createHostChoice = ({ hosts, target, probe, minProbeIntervalMs = 50, onChoose }: HostChoiceOptions) => {
  let chosen: HostAddress | undefined;
  let round: Promise<HostAddress> | undefined;
  let lastRound = -Infinity;

  const stateOf = async (address: HostAddress): Promise<HostState> => {
    try {
      return { address, state: (await probe(address)) ? 'readOnly' : 'writable' };
    } catch (error) {
      return { address, state: 'down', error };
    }
  };
  const fits = (s: HostState) =>
    target === 'read-write' ? s.state === 'writable' : target === 'any' ? s.state !== 'down' : s.state === 'readOnly';

  const choose = async (): Promise<HostAddress> => {
    const wait = lastRound + minProbeIntervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    lastRound = performance.now();
    const asked = hosts.map(stateOf);
    const states: HostState[] = [];
    const take = (state: HostState) => {
      chosen = state.address;
      onChoose?.(state.address, states);
      return state.address;
    };
    // In the list's order: a server is chosen once every one before it has answered no.
    for (const pending of asked) {
      const state = await pending;
      states.push(state);
      if (fits(state)) return take(state);
    }
    const fallback = target === 'prefer-standby' ? states.find((s) => s.state !== 'down') : undefined;
    if (fallback) return take(fallback);
    throw new NoWritableHostError(states, target);
  };

  return {
    /** The server a new connection goes to (asking the servers if none is chosen). */
    current(): Promise<HostAddress> {
      if (chosen) return Promise.resolve(chosen);
      round ??= choose().finally(() => (round = undefined));
      return round;
    },
    /** A connection to `address` failed or found it read-only: the next connection chooses again. */
    lost(address: HostAddress): void {
      if (chosen === address) chosen = undefined;
    },
    get chosen(): HostAddress | undefined {
      return chosen;
    },
  };
};

export type HostChoice = ReturnType<typeof createHostChoice>;

/** Asks one server whether it is read-only, on a connection of its own, within `timeoutMs`. */
export const probeReadOnly = async (Client: typeof pg.Client, connectionString: string, timeoutMs: number): Promise<boolean> => {
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        await client.connect();
        const { rows } = await client.query<[boolean]>({ text: READ_ONLY_SQL, rowMode: 'array' });
        return rows[0]?.[0] === true;
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    void client.end().catch(() => undefined);
  }
};

/** Points `client` at the chosen server, connects (`connect`: the driver's own), and checks it takes writes. */
const connectToChosen = async (client: pg.Client, connect: () => Promise<unknown>, choice: HostChoice, checkWritable: boolean): Promise<pg.Client> => {
  const address = await choice.current();
  client.host = address.host;
  client.port = address.port;
  const parameters = (client as unknown as { connectionParameters: { host: string; port: number } }).connectionParameters;
  parameters.host = address.host;
  parameters.port = address.port;
  try {
    await connect();
  } catch (error) {
    choice.lost(address);
    throw error;
  }
  if (!checkWritable) return client;
  let readOnly: boolean;
  try {
    const { rows } = await client.query<[boolean]>({ text: READ_ONLY_SQL, rowMode: 'array' });
    readOnly = rows[0]?.[0] === true;
  } catch (error) {
    choice.lost(address);
    await client.end().catch(() => undefined);
    throw error;
  }
  if (!readOnly) return client;
  choice.lost(address);
  await client.end().catch(() => undefined);
  throw new ReadOnlyHostError(address);
};

/**
 * The driver's client, connecting where `choice` says: the pool makes one per connection. With
 * `checkWritable`, a connection that finds its server read-only is closed and refused
 * (`ReadOnlyHostError`), and the next one chooses again.
 */
export const hostChoosingClient = (Base: typeof pg.Client, choice: HostChoice, checkWritable: boolean): typeof pg.Client =>
  class HostChoosingClient extends Base {
    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
    override connect(callback?: (error: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
      const connected = connectToChosen(this, () => super.connect(), choice, checkWritable);
      if (!callback) return connected;
      connected.then(
        (client) => callback(null, client),
        (error: Error) => callback(error),
      );
    }
  };
