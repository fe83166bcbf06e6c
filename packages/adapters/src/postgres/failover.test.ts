import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import { openReadModelDatabase } from '../sql/index';
import { openStore } from '../url/index';
import './register';
import { findPostgresBin, startFailoverCluster, type FailoverCluster } from './failover-cluster.support';
import { runFailoverDrill } from './failover-drill.support';
import type { PostgresEventStore } from './store';

/**
 * Runs its own primary and synchronous standby (the installed server, temporary folders, free
 * ports), not the shared test server. Without an installed server a developer's run skips it with
 * one line; under CI it fails.
 */
const bin = findPostgresBin();
if (!bin && process.env.CI === 'true') throw new Error('failover test: no PostgreSQL server binaries found (BANJIAN_PG_BIN, /usr/lib/postgresql/*/bin), and CI=true');
if (!bin) process.stderr.write('skipped failover.test.ts: no PostgreSQL server binaries installed\n');

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const readOrEmpty = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
/** Processes (not zombies) whose command line names `text`. */
const processesNaming = (text: string) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && readOrEmpty(`/proc/${p}/cmdline`).includes(text) && !/\) Z /.test(readOrEmpty(`/proc/${p}/stat`)))
    .map(Number);

describe.skipIf(!bin)('PostgreSQL failover: a primary and a synchronous standby, the primary killed', () => {
  let cluster: FailoverCluster;
  beforeAll(async () => {
    cluster = await startFailoverCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('given a host list naming the standby first, when a store opened by URL appends, then the events are on the primary', async () => {
    const { primary, standby } = cluster;
    const url = `postgres://postgres@127.0.0.1:${standby.port},127.0.0.1:${primary.port}/postgres?schema=hostlist`;
    const store = (await openStore(url)) as PostgresEventStore;
    try {
      await store.appendToStream('consultation-a', [consultation(0)]);
      const { rows } = await store.pool.query<{ port: number; standby: boolean }>('SELECT inet_server_port() AS port, pg_is_in_recovery() AS standby');
      expect(rows[0]).toEqual({ port: primary.port, standby: false });
    } finally {
      await store.close();
    }
  });

  it('given a host list naming the primary first and prefer-standby, when read models are opened there, then they are read on the standby', async () => {
    const { primary, standby } = cluster;
    const db = await openReadModelDatabase(`postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/postgres?schema=hostlist&target_session_attrs=prefer-standby`);
    try {
      expect(await db.query('SELECT inet_server_port() AS port, pg_is_in_recovery() AS standby')).toEqual([{ port: standby.port, standby: true }]);
    } finally {
      await db.close();
    }
  });

  it('given writers sending commands through the engine to the host list, when the primary is killed and the standby promoted 1.5 s later, then every acknowledged command is on the new primary once, the chain verifies, writes come back within 15 s and the subscription misses nothing', async () => {
    const { primary, standby } = cluster;
    // The store gives up after 0.5 s, before the promotion: commands fail and the writers send them again.
    const result = await runFailoverDrill({ cluster, writers: 6, before: 120, after: 120, retryForMs: 500, promoteAfterMs: 1_500 });

    expect(result.acknowledgedBefore).toBeGreaterThanOrEqual(120);
    expect(result.acknowledged - result.acknowledgedBefore).toBeGreaterThanOrEqual(120);
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.verified).toMatchObject({ ok: true });
    // Appends rode out the lost server, then commands failed and were sent again with their commandId: none stored twice.
    expect(result.storeRetries).toBeGreaterThan(0);
    expect(result.resent).toBeGreaterThan(0);
    // Sent again after the failover, acknowledged commands are answered from their streams.
    expect(result.repeatedAfter).toEqual({ sent: 6, alreadyDone: 6, appended: 0 });
    expect(result.secondsToWrites).toBeGreaterThan(1.5);
    expect(result.secondsToWrites).toBeLessThan(15);
    // The writers' pool went from the primary to the promoted standby.
    expect(result.hostsChosen.map((h) => h.port)).toEqual([primary.port, standby.port]);
    expect(result.subscription).toMatchObject({ handled: result.events, sameAsLog: true });
    expect(await cluster.isPrimary(standby)).toBe(true);
    expect(await cluster.isPrimary(primary)).toBeUndefined();
  }, 60_000);

  it('given the cluster, when stopped, then no server process, port or folder is left', async () => {
    const { primary, standby } = cluster;
    const folder = dirname(primary.dataDir);
    expect(processesNaming(folder)).toEqual([standby.pid]);
    await cluster.stop();
    expect(processesNaming(folder)).toEqual([]);
    expect(await portOpen(primary.port)).toBe(false);
    expect(await portOpen(standby.port)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
