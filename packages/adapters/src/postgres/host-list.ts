/** One server of a PostgreSQL URL's host list. */
export interface HostAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Which server of a host list a connection may use (libpq's `target_session_attrs`): `read-write`
 * the one taking writes (a store), `any` the first that answers, `standby` a read-only one,
 * `prefer-standby` a read-only one if any answers, else any (read models read on a hot standby).
 */
export type TargetSessionAttrs = 'any' | 'read-write' | 'standby' | 'prefer-standby';

/** A `postgres://` URL read without `new URL`, which refuses `h1:p1,h2:p2`. */
export interface PostgresUrl {
  readonly hosts: readonly HostAddress[];
  /** The query parameters other than the host list's own (`target_session_attrs`, `port`); what is deleted here is left out of `connectionStringFor`. */
  readonly params: URLSearchParams;
  /** With several hosts `read-write` unless the URL says otherwise; with one, `any` unless it says otherwise. */
  readonly targetSessionAttrs: TargetSessionAttrs;
  /** The same URL naming only `address` (and without `target_session_attrs`), for the driver. */
  connectionStringFor(address: HostAddress): string;
  /** The URL again, every host and parameter as they now are. */
  toString(): string;
}

/** A `postgres://` URL this store cannot read. */
export class PostgresUrlError extends Error {
  override readonly name = 'PostgresUrlError';
  readonly kind = 'postgresUrl' as const;
}

const DEFAULT_PORT = 5432;
const URL_PARTS = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i;
const HOST_PORT = /^(\[[^\]]+\]|[^:[\]]*)(?::(\d+))?$/;
const TARGETS: readonly string[] = ['any', 'read-write', 'standby', 'prefer-standby'];

const hostAddress = (url: string, text: string, defaultPort: number): HostAddress => {
  const match = HOST_PORT.exec(text);
  if (!match) throw new PostgresUrlError(`${url}: cannot read the host "${text}" (host, host:port or [ipv6]:port)`);
  const host = decodeURIComponent((match[1] as string).replace(/^\[|\]$/g, '')) || 'localhost';
  return { host, port: match[2] === undefined ? defaultPort : Number(match[2]) };
};

/**
 * Reads `postgres://user:password@h1:p1,h2:p2/database?…` as libpq does: hosts in the order given,
 * each with its port or 5432. `target_session_attrs=read-write` (the default with several hosts)
 * asks for the one that accepts writes; `any`, for the first that answers.
 */
export const parsePostgresUrl = (url: string): PostgresUrl => {
  const match = URL_PARTS.exec(url);
  if (!match) throw new PostgresUrlError(`${url}: not a postgres:// URL`);
  const [, scheme, userinfo, hostText, path, query] = match as unknown as [string, string, string | undefined, string, string, string | undefined];
  const params = new URLSearchParams(query ?? '');
  const portParam = params.get('port');
  const defaultPort = portParam === null ? DEFAULT_PORT : Number(portParam);
  const hosts = (hostText === '' ? ['localhost'] : hostText.split(',')).map((h) => hostAddress(url, h, defaultPort));
  const target = params.get('target_session_attrs');
  if (target !== null && !TARGETS.includes(target)) throw new PostgresUrlError(`${url}: target_session_attrs must be one of ${TARGETS.join(', ')}, not "${target}"`);
  params.delete('target_session_attrs');
  params.delete('port');
  const hostPart = ({ host, port }: HostAddress) => `${host.includes(':') ? `[${host}]` : encodeURIComponent(host)}:${port}`;
  const build = (list: readonly HostAddress[], query: URLSearchParams) => {
    const rest = query.toString();
    return `${scheme}${userinfo === undefined ? '' : `${userinfo}@`}${list.map(hostPart).join(',')}${path}${rest ? `?${rest}` : ''}`;
  };
  return {
    hosts,
    params,
    targetSessionAttrs: (target as TargetSessionAttrs | null) ?? (hosts.length > 1 ? 'read-write' : 'any'),
    connectionStringFor: (address) => build([address], params),
    toString: () => {
      const all = new URLSearchParams(params);
      if (target !== null) all.set('target_session_attrs', target);
      return build(hosts, all);
    },
  };
};

/** The URL's host list names more than one server, or asks for a kind of server. */
export const needsHostChoice = (url: PostgresUrl): boolean => url.hosts.length > 1 || url.targetSessionAttrs !== 'any';
