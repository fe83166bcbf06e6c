import Database from 'better-sqlite3';

/**
 * The driver itself, for a raw connection to a store's file (benchmarks' baselines, tests that
 * play a database owner tampering with rows). Stores never need it: use `createSqliteEventStore`.
 */
export const openRawSqlite = (path: string, options?: Database.Options): Database.Database => new Database(path, options);
