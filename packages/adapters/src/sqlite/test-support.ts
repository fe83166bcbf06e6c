import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InlineCounterFixture, StoreUnderTest } from '../contract/index';
import { createSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions, type SqliteTx } from './store';

/** A private directory for one test's database files, removed by `cleanup`. */
export const tempDir = (): { dir: string; cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-sqlite-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/** A fresh store in a temporary file (the contract's `makeStore`). */
export const makeTempSqliteStore = async (options: Partial<SqliteEventStoreOptions> = {}): Promise<StoreUnderTest<SqliteEventStore>> => {
  const { dir, cleanup } = tempDir();
  const store = createSqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 10, ...options });
  return {
    store,
    cleanup: async () => {
      await store.close();
      cleanup();
    },
  };
};

/** Inline projections in the same file: a per-type event count kept in a table of its own. */
export const sqliteCounterFixture: InlineCounterFixture<SqliteEventStore, SqliteTx> = {
  counter: (name, { types, failOnType } = {}) => ({
    name,
    types,
    init: (tx) =>
      tx.db.exec('CREATE TABLE IF NOT EXISTS inline_counts (projection TEXT, type TEXT, count INTEGER NOT NULL, PRIMARY KEY (projection, type))'),
    apply: (tx, events) => {
      const bump = tx.prepare(
        'INSERT INTO inline_counts (projection, type, count) VALUES (?, ?, 1) ON CONFLICT (projection, type) DO UPDATE SET count = count + 1',
      );
      for (const event of events) {
        // Write first, then fail: the rollback must undo the projection's own rows too.
        bump.run(name, event.type);
        if (event.type === failOnType) throw new Error(`${name} cannot take ${event.type}`);
      }
    },
  }),
  // Read through a second connection: what it sees is committed in the file.
  counts: async (store, name) => {
    const db = new Database(store.path, { readonly: true });
    try {
      const rows = db.prepare('SELECT type, count FROM inline_counts WHERE projection = ?').all(name) as { type: string; count: number }[];
      return Object.fromEntries(rows.map((r) => [r.type, r.count]));
    } finally {
      db.close();
    }
  },
};
