import type { SqlDatabase, SqlQuery } from '@banjian/core';
import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite/driver';

const value = (p: unknown) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p);

/** `$n` → `?`, with the parameters in the order they appear (a `$n` may appear twice). */
const positional = (sql: string, params: readonly unknown[]): [string, unknown[]] => {
  const bound: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    bound.push(value(params[Number(n) - 1]));
    return '?';
  });
  return [text, bound];
};

const queryOn = (db: Database.Database): SqlQuery['query'] =>
  (async (sql: string, params: readonly unknown[] = []) => {
    const [text, bound] = positional(sql, params);
    const statement = db.prepare(text);
    return statement.reader ? statement.all(...bound) : (statement.run(...bound), []);
  }) as SqlQuery['query'];

/**
 * Transactions on one file, one at a time in this process: better-sqlite3 waits for a lock
 * synchronously, so a second connection's BEGIN while the first awaits would block the very
 * event loop the first needs to commit. Other processes wait on the file lock (busy timeout).
 */
const turns = new Map<string, Promise<unknown>>();

/**
 * The read models' database in a SQLite store's file, on a connection of its own (WAL: the store
 * keeps writing while a read model reads; a read model's transaction is `BEGIN IMMEDIATE`).
 */
export const sqliteSqlDatabase = (path: string): SqlDatabase => {
  const db = openSqliteDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return {
    dialect: 'sqlite',
    table: (name) => name,
    query: queryOn(db),
    transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<T> {
      const run = (turns.get(path) ?? Promise.resolve()).then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work({ query: queryOn(db) });
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
      const settled = run.catch(() => undefined);
      turns.set(path, settled);
      void settled.then(() => {
        if (turns.get(path) === settled) turns.delete(path);
      });
      return run;
    },
    async close() {
      db.close();
    },
  };
};
