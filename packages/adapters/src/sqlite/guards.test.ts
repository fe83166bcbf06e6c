import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, consultations, expectLogIntact, instantAt } from '../contract/index';
import { LATEST_SCHEMA_VERSION, migrations } from './schema';
import { createSqliteEventStore } from './store';
import { tempDir } from './test-support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const openTemp = () => {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const path = join(dir.dir, 'events.db');
  return path;
};

const open = (path: string, options: Parameters<typeof createSqliteEventStore>[0] | object = {}) => {
  const store = createSqliteEventStore({ path, ...options });
  cleanups.push(() => store.close());
  return store;
};

const raw = (path: string) => {
  const db = new Database(path);
  cleanups.push(() => void db.close());
  return db;
};

describe('append-only guards', () => {
  it('given stored events, when an UPDATE is run through SQL, then SQLite refuses it and the row is unchanged', async () => {
    const path = openTemp();
    const store = open(path);
    await store.appendToStream('consultation-a', consultations(0, 2));
    const db = raw(path);
    expect(() => db.prepare("UPDATE events SET canonical = replace(canonical, '开办', '关闭') WHERE global_position = 1").run()).toThrow(
      /append-only \(UPDATE refused\)/,
    );
    expect(() => db.prepare('UPDATE events SET hash = prev_hash').run()).toThrow(/UPDATE refused/);
    await expectLogIntact(store, 'sha256');
  });

  it('given stored events, when a DELETE is run through SQL, then SQLite refuses it and nothing is lost', async () => {
    const path = openTemp();
    const store = open(path);
    await store.appendToStream('consultation-a', consultations(0, 3));
    const db = raw(path);
    expect(() => db.prepare('DELETE FROM events WHERE global_position = 2').run()).toThrow(/append-only \(DELETE refused\)/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/DELETE refused/);
    expect(await collect(store.readAll())).toHaveLength(3);
  });
});

describe('schema and migrations', () => {
  it('given a new file, when opened, then every migration is recorded once and reopening applies none again', async () => {
    const path = openTemp();
    const first = createSqliteEventStore({ path });
    await first.appendToStream('consultation-a', consultations(0, 1));
    await first.close();
    open(path);
    const rows = raw(path).prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    expect(raw(path).pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('given a file at schema version 1 with events, when opened, then it is migrated to the latest and keeps its events', async () => {
    // Events made by a current store elsewhere, copied into a file that only has migration 1.
    const source = openTemp();
    const made = createSqliteEventStore({ path: source });
    await made.appendToStream('consultation-a', consultations(0, 3));
    await made.close();
    const path = openTemp();
    const old = raw(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    old.exec(migrations[0]!.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(migrations[0]!.name, '2025-01-01T00:00:00Z');
    old.prepare('ATTACH DATABASE ? AS source').run(source);
    old.exec("INSERT INTO events SELECT * FROM source.events; INSERT INTO store_meta SELECT * FROM source.store_meta; DETACH DATABASE source;");
    expect(() => old.prepare('SELECT count(*) FROM merkle_checkpoints').get()).toThrow(/no such table/);

    const store = open(path);
    expect(old.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(migrations.map((m) => m.version));
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThan(1);
    expect(await store.checkpoints.list()).toEqual([]);
    expect(await expectLogIntact(store, 'sha256')).toHaveLength(3);
  });

  it('given a file from a newer banjian, when opened, then SchemaVersionError says which versions', () => {
    const path = openTemp();
    open(path);
    raw(path)
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(LATEST_SCHEMA_VERSION + 1, 'from the future', '2030-01-01T00:00:00Z');
    expect(() => createSqliteEventStore({ path })).toThrow(
      expect.objectContaining({ kind: 'schemaVersion', found: LATEST_SCHEMA_VERSION + 1, supported: LATEST_SCHEMA_VERSION }),
    );
  });

  it('given a file chained with SM3, when opened asking for SHA-256, then it is refused; opened without asking, it keeps SM3', async () => {
    const path = openTemp();
    const created = createSqliteEventStore({ path, hashAlgorithm: 'sm3' });
    await created.appendToStream('consultation-a', consultations(0, 2));
    await created.close();
    expect(() => createSqliteEventStore({ path, hashAlgorithm: 'sha256' })).toThrow(
      expect.objectContaining({ kind: 'hashAlgorithmMismatch', stored: 'sm3', requested: 'sha256' }),
    );
    const reopened = open(path);
    expect(reopened.hashAlgorithm).toBe('sm3');
    await reopened.appendToStream('consultation-a', consultations(2, 1));
    await expectLogIntact(reopened, 'sm3');
  });
});

describe('several connections on one file', () => {
  it('given two stores on the same file, when both write in parallel, then every append is kept once with chains intact', async () => {
    const path = openTemp();
    const a = open(path);
    const b = open(path);
    const pair = consultations(0, 2).map((e) => ({ ...e, occurredAt: instantAt(0) }));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).appendToStream(i % 3 === 0 ? 'consultation-shared' : `consultation-${i}`, pair)),
    );
    const events = await expectLogIntact(a, 'sha256');
    expect(events).toHaveLength(80);
    expect(await collect(b.readAll())).toEqual(events);
  });

  it('given a subscription on one connection, when another connection appends, then the poll picks it up', async () => {
    const path = openTemp();
    const reader = open(path, { pollIntervalMs: 5 });
    const writer = open(path);
    const seen: string[] = [];
    const subscription = reader.subscribe({ handler: (e) => void seen.push(e.eventId) });
    await subscription.caughtUp();
    const { events } = await writer.appendToStream('consultation-a', consultations(0, 3));
    await expect.poll(() => seen, { timeout: 5000, interval: 5 }).toEqual(events.map((e) => e.eventId));
    await subscription.stop();
  });

  it('given an expected version from a stale reader, when it appends after another connection wrote, then ConcurrencyError', async () => {
    const path = openTemp();
    const a = open(path);
    const b = open(path);
    await a.appendToStream('consultation-a', consultations(0, 1));
    await b.appendToStream('consultation-a', consultations(1, 1), { expectedVersion: 0 });
    await expect(a.appendToStream('consultation-a', consultations(2, 1), { expectedVersion: 0 })).rejects.toMatchObject({
      kind: 'concurrency',
      actual: 1,
    });
  });
});

describe('closing', () => {
  it('given a closed store, when appended to, then StoreClosedError and the file is untouched', async () => {
    const path = openTemp();
    const store = createSqliteEventStore({ path });
    await store.appendToStream('consultation-a', consultations(0, 1));
    await store.close();
    await expect(store.appendToStream('consultation-a', consultations(1, 1))).rejects.toMatchObject({ kind: 'storeClosed' });
    expect(raw(path).prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
  });
});

describe('subscriptions beside a unit of work', () => {
  it('given a live subscription, when a unit of work appends and rolls back, then the subscription never sees its events', async () => {
    const path = openTemp();
    const store = open(path, { pollIntervalMs: 2 });
    const seen: string[] = [];
    const subscription = store.subscribe({ handler: (e) => void seen.push((e.data as { consultationId: string }).consultationId) });
    await subscription.caughtUp();

    await expect(
      store.unitOfWork(async () => {
        await store.appendToStream('consultation-a', consultations(0, 2));
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('the day is abandoned');
      }),
    ).rejects.toThrow('the day is abandoned');
    expect(seen).toEqual([]);

    await store.unitOfWork(async () => {
      await store.appendToStream('consultation-a', consultations(5, 2));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(seen).toEqual([]);
    });
    await expect.poll(() => seen, { timeout: 5000, interval: 2 }).toEqual(['consultation-5', 'consultation-6']);
    await subscription.stop();
  });
});
