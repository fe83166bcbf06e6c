import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPostgresEventStore, createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';

export const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ReadModelHome {
  /** The store whose database holds the read models (its log may stay empty: tests read another log). */
  readonly store: EventStore;
  readonly db: SqlDatabase;
  /** Another connection to the same database (a restarted process). */
  reopen(): SqlDatabase;
  cleanup(): Promise<void>;
}

/** A fresh store of each kind whose database the read models live in, with how to remove it. */
export const readModelHomes: Record<'sqlite' | 'postgres', () => Promise<ReadModelHome>> = {
  async sqlite() {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-readmodel-'));
    const store = createSqliteEventStore({ path: join(dir, 'store.db') });
    const opened: SqlDatabase[] = [];
    const reopen = () => {
      const db = readModelDatabaseOf(store) as SqlDatabase;
      opened.push(db);
      return db;
    };
    return {
      store,
      db: reopen(),
      reopen,
      cleanup: async () => {
        for (const db of opened) await db.close().catch(() => undefined);
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async postgres() {
    const schema = `bj_readmodel_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    return {
      store,
      db: readModelDatabaseOf(store) as SqlDatabase,
      reopen: () => readModelDatabaseOf(store) as SqlDatabase,
      cleanup: async () => {
        await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
        await store.close();
      },
    };
  },
};
