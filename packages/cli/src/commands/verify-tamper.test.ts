import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRawSqlite, openStore } from '@banjian/adapters';
import { chainHash, hashedText, type EventStore } from '@banjian/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulateHall } from '../simulator/simulate';
import { cli } from './cli-run.fixture';

/**
 * What a database owner can do to the log, done to a simulated hall's store (built through the
 * engine) with the append-only guards switched off, and what `banjian verify` then says. A signed
 * checkpoint is published to a folder outside the database first, as `banjian checkpoint` does.
 */
const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What these tests use of the PostgreSQL store's pool (the cli package does not depend on pg). */
interface PgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  release(): void;
}
interface PgPool {
  connect(): Promise<PgClient>;
  query(sql: string): Promise<unknown>;
}

/** A database owner's connection: SQL written with `?` placeholders, guards off. */
interface Owner {
  all<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
  readonly events: string;
  readonly checkpoints: string;
  /** Does the store number its log without holes? */
  readonly dense: boolean;
}

interface Backend {
  url: string;
  owner(): Promise<Owner>;
  cleanup(): Promise<void>;
}

const sqliteBackend = (dir: string): Backend => {
  const path = join(dir, 'hall.db');
  return {
    url: `sqlite:${path}`,
    owner: async () => {
      const db = openRawSqlite(path);
      db.exec(
        'DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER merkle_checkpoints_no_update; DROP TRIGGER merkle_checkpoints_no_delete;',
      );
      return {
        all: async <T,>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
        run: async (sql, params = []) => void db.prepare(sql).run(...params),
        close: async () => void db.close(),
        events: 'events',
        checkpoints: 'merkle_checkpoints',
        dense: true,
      };
    },
    cleanup: async () => {},
  };
};

const postgresBackend = (): Backend => {
  const schema = `bj_tamper_cli_${process.pid}_${Math.random().toString(16).slice(2, 10)}`;
  const url = `${PG_URL}?schema=${schema}`;
  const withPool = async <T,>(work: (pool: PgPool) => Promise<T>): Promise<T> => {
    const store = (await openStore(url)) as EventStore & { pool: PgPool };
    try {
      return await work(store.pool);
    } finally {
      await store.close();
    }
  };
  return {
    url,
    owner: async () => {
      const store = (await openStore(url)) as EventStore & { pool: PgPool };
      const client = await store.pool.connect();
      // A superuser's session skips every trigger: the store's guards are off for it.
      await client.query('SET session_replication_role = replica');
      const numbered = (sql: string) => {
        let n = 0;
        return sql.replace(/\?/g, () => `$${++n}`);
      };
      return {
        all: async <T,>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
        run: async (sql, params = []) => void (await client.query(numbered(sql), params)),
        close: async () => {
          client.release();
          await store.close();
        },
        events: `${schema}.events`,
        checkpoints: `${schema}.checkpoints`,
        dense: false,
      };
    },
    cleanup: () => withPool(async (pool) => void (await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))),
  };
};


describe.each([
  ['SQLite', sqliteBackend, true],
  ['PostgreSQL', postgresBackend, false],
] as const)('tampering with a %s store, found by banjian verify', (_, makeBackend, keepsOccurredAtColumn) => {
  let dir: string;
  let backend: Backend;
  let owner: Owner;
  let published: string;
  let keyPath: string;
  let publicPath: string;
  let events: number;

  const verify = (...extra: string[]) => cli('verify', '--store', backend.url, '--public-key', publicPath, ...extra);
  const verifyPublished = () => verify('--checkpoints', published);
  const num = (v: unknown) => Number(v);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banjian-tamper-'));
    backend = makeBackend(dir);
    const store = await openStore(backend.url);
    try {
      await simulateHall(store, { seed: 11, year: 2025, casesPerYear: 40 });
    } finally {
      await store.close();
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    keyPath = join(dir, 'signing.pem');
    publicPath = join(dir, 'public.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }));
    published = join(dir, 'published/');
    const signed = await cli('checkpoint', '--store', backend.url, '--key', keyPath, '--out', published, '--json');
    expect(signed.code).toBe(0);
    events = (JSON.parse(signed.out) as { checkpoint: { size: number } }).checkpoint.size;
    expect(events).toBeGreaterThan(150);
    expect(readdirSync(published)).toHaveLength(1);
    owner = await backend.owner();
  }, 60_000);

  afterEach(async () => {
    await owner?.close();
    await backend.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The stream of the event at a global position, and its last event. */
  const streamAt = async (globalPosition: number) => {
    const [row] = await owner.all<{ stream_id: string }>(`SELECT stream_id FROM ${owner.events} WHERE global_position = ?`, [globalPosition]);
    const stream = (row as { stream_id: string }).stream_id;
    const [last] = await owner.all<{ g: unknown }>(`SELECT max(global_position) AS g FROM ${owner.events} WHERE stream_id = ?`, [stream]);
    return { stream, last: num(last?.g) };
  };

  it('given nothing touched, when verified against the published checkpoint and the key, then it exits 0', async () => {
    const { code, out } = await verifyPublished();
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^intact: ${events} events .*all under checkpoints checked with the key`));
    // Without the key nothing is anchored: exit 3, not a plain "intact".
    expect((await cli('verify', '--store', backend.url)).code).toBe(3);
  });

  it("given a stream's last event deleted, when verified, then exit 1: the published checkpoint is no longer contained (and a SQLite hole)", async () => {
    const { stream, last } = await streamAt(Math.floor(events / 3));
    expect(last).toBeLessThan(events);
    await owner.run(`DELETE FROM ${owner.events} WHERE global_position = ?`, [last]);
    await owner.run(`DELETE FROM ${owner.checkpoints}`);
    const { code, out } = await verifyPublished();
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`first checkpoint the log no longer contains: size ${events} .*\\(${published.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    const alone = await verify();
    if (owner.dense) {
      expect(alone.code).toBe(1);
      expect(alone.out).toContain(`global position ${last} is absent`);
    } else {
      // PostgreSQL's positions may skip (a failed append burns its sequence numbers): only a checkpoint kept outside sees this.
      expect(alone.code).toBe(3);
    }
    expect(stream).not.toBe('');
  });

  it('given a whole stream deleted with the checkpoints in the database, when verified, then exit 1 against the folder; exit 3 from the database alone', async () => {
    const { stream } = await streamAt(Math.floor(events / 2));
    await owner.run(`DELETE FROM ${owner.events} WHERE stream_id = ?`, [stream]);
    await owner.run(`DELETE FROM ${owner.checkpoints}`);
    const against = await verifyPublished();
    expect(against.code).toBe(1);
    expect(against.out).toMatch(/store no longer holds the checkpoint/);
    expect(against.out).toMatch(/first checkpoint the log no longer contains/);
    expect((await verify()).code).toBe(owner.dense ? 1 : 3);
  });

  it('given the newest 100 events deleted with the checkpoints in the database, when verified, then exit 1 against the folder; exit 3 from the database alone', async () => {
    await owner.run(`DELETE FROM ${owner.events} WHERE global_position > ?`, [events - 100]);
    await owner.run(`DELETE FROM ${owner.checkpoints}`);
    const against = await verifyPublished();
    expect(against.code).toBe(1);
    expect(against.out).toContain(`the log ends after ${events - 100} events; the checkpoint of`);
    const alone = await verify();
    expect(alone.code).toBe(3);
    expect(alone.out).toMatch(/^intact: .*NOT ANCHORED: no signed checkpoint covers the log/);
  });

  it("given one event's payload changed and its stream's chain re-hashed, when verified, then the checkpoint's root exposes it: exit 1", async () => {
    const { stream } = await streamAt(Math.floor(events / 2));
    const rows = await owner.all<{ g: unknown; canonical: string }>(`SELECT global_position AS g, canonical FROM ${owner.events} WHERE stream_id = ? ORDER BY stream_position`, [stream]);
    let prevHash: string | undefined;
    for (const [i, row] of rows.entries()) {
      const envelope = JSON.parse(row.canonical) as Record<string, unknown>;
      if (i === 0) envelope.data = { ...(envelope.data as object), forged: true };
      if (prevHash !== undefined) envelope.prevHash = prevHash;
      const canonical = hashedText(envelope);
      const hash = chainHash('sha256', envelope.prevHash as string, canonical);
      await owner.run(`UPDATE ${owner.events} SET canonical = ?, prev_hash = ?, hash = ? WHERE global_position = ?`, [canonical, envelope.prevHash, hash, num(row.g)]);
      prevHash = hash;
    }
    const { code, out } = await verifyPublished();
    expect(code).toBe(1);
    expect(out).toMatch(/inserted at .*the Merkle root of the first \d+ events does not match the checkpoint/);
  });

  it.each([
    ['type', "'CaseCompleted'", /the type column \(CaseCompleted\) is not the hashed type/],
    ['event_id', "'forged-' || global_position", /the event id column \(forged-\d+\) is not the hashed event id/],
  ])('given the %s column of 40 rows rewritten, when verified, then each row is altered: exit 1', async (column, value, detail) => {
    await owner.run(`UPDATE ${owner.events} SET ${column} = ${value} WHERE global_position > 20 AND global_position <= 60`);
    const { code, out } = await verifyPublished();
    expect(code).toBe(1);
    expect(out).toMatch(/^damaged: 40 damages \(altered 40\)/);
    expect(out).toMatch(detail);
  });

  // PostgreSQL reads occurredAt from the hashed text: it has no such column.
  it.runIf(keepsOccurredAtColumn)('given the occurred_at column rewritten (SQLite keeps it for the stream time order), when verified, then exit 1', async () => {
    await owner.run(`UPDATE ${owner.events} SET occurred_at = '2025-01-01T00:00:00+08:00' WHERE global_position = 30`);
    const { code, out } = await verifyPublished();
    expect(code).toBe(1);
    expect(out).toMatch(/the occurred-at column \(2025-01-01T00:00:00\+08:00\) is not the hashed occurredAt/);
  });

  it('given a hole made in global positions (rows renumbered), when verified, then SQLite exits 1; PostgreSQL, whose positions may skip, keeps the content intact', async () => {
    await owner.run(`UPDATE ${owner.events} SET global_position = global_position + 1000 WHERE global_position > ?`, [events - 10]);
    const { code, out } = await verifyPublished();
    if (owner.dense) {
      expect(code).toBe(1);
      expect(out).toContain(`global positions ${events - 9}…${events + 990} are absent`);
    } else {
      expect(code).toBe(0);
    }
  });

  it('given the checkpoint deleted from the database, when verified against the folder, then exit 1 names it; from the database alone, exit 3', async () => {
    await owner.run(`DELETE FROM ${owner.checkpoints}`);
    const against = await verifyPublished();
    expect(against.code).toBe(1);
    expect(against.out).toMatch(new RegExp(`missing at \\(empty log\\) position 0 \\(global 0\\): the store no longer holds the checkpoint of .* at size ${events}`));
    expect((await verify()).code).toBe(3);
  });
});
