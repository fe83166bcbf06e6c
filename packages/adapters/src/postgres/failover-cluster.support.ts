import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Test support: a PostgreSQL primary and a synchronous hot standby of the installed server, on
 * free loopback ports, in a temporary folder, for failover drills. Run as root, the server runs as
 * the `postgres` OS user (initdb refuses root). Every server started here is stopped and its folder
 * removed by `stop()`, and also when the process exits or is interrupted; a server whose parent
 * process is killed outright gets SIGKILL from the kernel (parent-death signal).
 */

export interface ClusterNode {
  readonly name: 'primary' | 'standby';
  readonly port: number;
  readonly dataDir: string;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** The postmaster's process id while it runs. */
  readonly pid: number | undefined;
}

export interface FailoverCluster {
  readonly primary: ClusterNode;
  readonly standby: ClusterNode;
  /** Both servers as a host list, primary first: `postgres://postgres@127.0.0.1:<p1>,127.0.0.1:<p2>/postgres`. */
  readonly url: string;
  /** The server directory used (`initdb`, `pg_basebackup`, `postgres`). */
  readonly bin: string;
  /** SIGKILL to the postmaster and every process of it at once: the machine is gone, nothing is flushed or said. */
  crash(node: ClusterNode): void;
  /** Makes a standby the primary (`pg_promote`, waiting until it takes writes); the milliseconds it took. */
  promote(node: ClusterNode): Promise<number>;
  /** Whether the server answers as a primary (`false`: standby; `undefined`: not answering). */
  isPrimary(node: ClusterNode): Promise<boolean | undefined>;
  /** Stops both servers and removes the folder (again: nothing). */
  stop(): Promise<void>;
}

export interface FailoverClusterOptions {
  /**
   * Flush to disk (`fsync`). Off by default: the drills crash processes, not the machine, so the
   * page cache survives them, and a shared test machine's disk is spared.
   * @defaultValue false
   */
  readonly fsync?: boolean;
  /** The server directory; default `BANJIAN_PG_BIN`, else the newest `/usr/lib/postgresql/<n>/bin`, else `pg_config --bindir`. */
  readonly bin?: string;
  /** How long a server may take to start (default 30,000 ms). */
  readonly startTimeoutMs?: number;
  /** More server settings for both servers (`-c name=value`), e.g. `{ log_min_messages: 'log' }`. */
  readonly settings?: Readonly<Record<string, string>>;
}

/** The installed server's binaries, or undefined when none is found. */
export const findPostgresBin = (): string | undefined => {
  const has = (dir: string) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_basebackup'));
  const fromEnv = process.env.BANJIAN_PG_BIN;
  if (fromEnv) return has(fromEnv) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) if (has(join(root, version, 'bin'))) return join(root, version, 'bin');
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = config.status === 0 ? config.stdout.trim() : '';
  return bindir && has(bindir) ? bindir : undefined;
};

/** The cluster could not be set up (no server installed, a server that would not start). */
export class FailoverClusterError extends Error {
  override readonly name = 'FailoverClusterError';
  readonly kind = 'failoverCluster' as const;
}

// ---- processes and folders of this process, cleaned up on every way out ----

const running = new Set<ChildProcess>();
const folders = new Set<string>();
let hooked = false;

/** The process ids under `pid` (children, theirs, …), read from /proc. */
const descendants = (pid: number): number[] => {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
};

const killTree = (pid: number) => {
  const all = [pid, ...descendants(pid)];
  for (const p of all) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};

/** The System V segment a killed postmaster leaves (its id is in postmaster.pid), removed. */
const removeSharedMemory = (dataDir: string) => {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const line = readFileSync(pidFile, 'utf8').split('\n')[6]?.trim().split(/\s+/);
  const id = line?.[1];
  if (id !== undefined && /^\d+$/.test(id)) spawnSync('ipcrm', ['-m', id], { stdio: 'ignore' });
};

const cleanUpNow = () => {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) killTree(child.pid);
  running.clear();
  for (const folder of folders) {
    for (const node of ['primary', 'standby']) removeSharedMemory(join(folder, node));
    rmSync(folder, { recursive: true, force: true });
  }
  folders.clear();
};

const hookExit = () => {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanUpNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanUpNow();
      // Listeners added before this one still run; then the signal's own ending.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
};

// ---- running the server's binaries ----

interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
  /** The command line that runs `argv` as that user, dying with its parent. */
  wrap(argv: readonly string[]): [string, string[]];
}

const runAs = (): RunAs => {
  const setpriv = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
  if (process.getuid?.() !== 0) {
    return { wrap: (argv) => (setpriv ? ['setpriv', ['--pdeathsig', 'KILL', '--', ...argv]] : [argv[0] as string, argv.slice(1)]) };
  }
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0 || !setpriv) {
    throw new FailoverClusterError('running as root, the server needs the postgres OS user and setpriv (util-linux) to run as it');
  }
  return { uid, gid, wrap: (argv) => ['setpriv', ['--reuid', String(uid), '--regid', String(gid), '--init-groups', '--pdeathsig', 'KILL', '--', ...argv]] };
};

/** A port free on loopback now (the OS picks it; closed again at once). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const startFailoverCluster = async (options: FailoverClusterOptions = {}): Promise<FailoverCluster> => {
  const bin = options.bin ?? findPostgresBin();
  if (!bin) throw new FailoverClusterError('no PostgreSQL server installed (looked in BANJIAN_PG_BIN, /usr/lib/postgresql/*/bin, pg_config --bindir)');
  const as = runAs();
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  hookExit();
  const folder = mkdtempSync(join(tmpdir(), 'banjian-failover-'));
  folders.add(folder);
  const own = (path: string) => {
    if (as.uid !== undefined) chownSync(path, as.uid, as.gid as number);
  };
  own(folder);

  const run = (tool: string, args: readonly string[]) => {
    const [command, argv] = as.wrap([join(bin, tool), ...args]);
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: folder, timeout: startTimeoutMs });
    if (result.status !== 0) throw new FailoverClusterError(`${tool} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  };

  const nodes = new Map<ClusterNode['name'], { node: ClusterNode; child?: ChildProcess; exited?: Promise<void> }>();
  const urlOf = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

  const ask = async <T>(port: number, sql: string, timeoutMs = 2_000): Promise<T> => {
    const client = new pg.Client({ connectionString: urlOf(port), connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return ((await client.query({ text: sql, rowMode: 'array' })).rows[0] as [T])[0];
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const start = async (name: ClusterNode['name'], port: number, settings: Record<string, string>) => {
    const dataDir = join(folder, name);
    const logFile = join(folder, `${name}.log`);
    writeFileSync(logFile, '');
    own(logFile);
    const flags = Object.entries({
      listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: '', fsync: options.fsync ? 'on' : 'off',
      shared_buffers: '16MB', max_connections: '60', max_wal_senders: '4', wal_level: 'replica', hot_standby: 'on',
      logging_collector: 'off', log_min_messages: 'warning', ...options.settings, ...settings,
    }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    const [command, argv] = as.wrap([join(bin, 'postgres'), '-D', dataDir, ...flags]);
    const log = openSync(logFile, 'a');
    const child = spawn(command, argv, { stdio: ['ignore', log, log], cwd: folder });
    closeSync(log);
    running.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => running.delete(child));
    const node: ClusterNode = {
      name,
      port,
      dataDir,
      url: urlOf(port),
      get pid() {
        return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
      },
    };
    nodes.set(name, { node, child, exited });
    const until = performance.now() + startTimeoutMs;
    for (;;) {
      if (node.pid === undefined) throw new FailoverClusterError(`the ${name} server exited while starting: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      try {
        await ask(port, 'SELECT 1', 1_000);
        return node;
      } catch (error) {
        if (performance.now() > until) throw new FailoverClusterError(`the ${name} server did not answer within ${startTimeoutMs} ms: ${(error as Error).message}`);
        await sleep(100);
      }
    }
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const { node, child, exited } of nodes.values()) {
      if (child?.pid !== undefined && node.pid !== undefined) {
        // Immediate shutdown: the postmaster ends its processes and frees its shared memory.
        child.kill('SIGQUIT');
        const done = await Promise.race([exited?.then(() => true), sleep(5_000).then(() => false)]);
        if (!done) killTree(child.pid);
      }
      removeSharedMemory(node.dataDir);
    }
    rmSync(folder, { recursive: true, force: true });
    folders.delete(folder);
  };

  try {
    const [primaryPort, standbyPort] = [await freePort(), await freePort()];
    run('initdb', ['-D', join(folder, 'primary'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // Commits wait until the standby has flushed them (synchronous_commit = on): an acknowledged
    // commit is on both servers. The standby, once promoted, waits for no one.
    const primary = await start('primary', primaryPort, { synchronous_standby_names: 'standby', synchronous_commit: 'on' });
    const standbyDir = join(folder, 'standby');
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-X', 'stream', '-c', 'fast', '--no-sync']);
    const signal = join(standbyDir, 'standby.signal');
    writeFileSync(signal, '');
    own(signal);
    const standby = await start('standby', standbyPort, {
      primary_conninfo: `host=127.0.0.1 port=${primaryPort} user=postgres application_name=standby`,
      synchronous_standby_names: '',
      // A standby that lost its primary looks for WAL again after this; a promotion requested just
      // as it starts waiting waits it out (seen on 15: the default 5 s in one promotion of four).
      wal_retrieve_retry_interval: '200ms',
    });
    // Ready once the primary names the standby synchronous.
    const until = performance.now() + startTimeoutMs;
    while ((await ask<number>(primaryPort, `SELECT count(*)::int FROM pg_stat_replication WHERE sync_state = 'sync'`)) < 1) {
      if (performance.now() > until) throw new FailoverClusterError(`the standby did not become synchronous within ${startTimeoutMs} ms`);
      await sleep(50);
    }

    return {
      primary,
      standby,
      url: `postgres://postgres@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/postgres`,
      bin,
      crash(node) {
        const entry = nodes.get(node.name);
        const pid = entry?.node.pid;
        if (pid === undefined) return;
        // setpriv execs the postmaster (same process id); its processes are its children.
        killTree(pid);
      },
      async promote(node) {
        const started = performance.now();
        if (!(await ask<boolean>(node.port, 'SELECT pg_promote(true, 60)', 60_000))) throw new FailoverClusterError(`${node.name} was not promoted within 60 s`);
        return performance.now() - started;
      },
      async isPrimary(node) {
        try {
          return !(await ask<boolean>(node.port, 'SELECT pg_is_in_recovery()', 1_000));
        } catch {
          return undefined;
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
