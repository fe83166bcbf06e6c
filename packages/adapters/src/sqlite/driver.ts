import type Database from 'better-sqlite3';
import { MissingDriverError, requireDriver } from '../drivers/index';

/** better-sqlite3, loaded when a SQLite store is first opened (an optional peer dependency). */
export const loadBetterSqlite3 = (): typeof Database => requireDriver<typeof Database>('better-sqlite3', 'sqlite:');

/**
 * better-sqlite3 installed without a usable native binding: pnpm 10 skips dependencies' build
 * scripts unless allowed, and a binding built for another Node is refused. Undefined for any
 * other error.
 */
export const missingSqliteBinding = (error: unknown): MissingDriverError | undefined => {
  const { code, message = '' } = error as { code?: unknown; message?: string };
  const unbuilt = message.startsWith('Could not locate the bindings file');
  if (!unbuilt && code !== 'ERR_DLOPEN_FAILED') return undefined;
  const why = unbuilt ? 'its native binding was never built' : 'its native binding was built for another Node.js';
  return new MissingDriverError(
    'better-sqlite3',
    `better-sqlite3 is installed but ${why}: allow its build (pnpm: \`pnpm approve-builds\`, or better-sqlite3 in onlyBuiltDependencies) and reinstall, or run \`npm rebuild better-sqlite3\``,
    { cause: error },
  );
};

/** A better-sqlite3 connection to `path`; a missing driver or binding is a MissingDriverError. */
export const openSqliteDatabase = (path: string, options?: Database.Options): Database.Database => {
  const Driver = loadBetterSqlite3();
  try {
    return new Driver(path, options);
  } catch (error) {
    throw missingSqliteBinding(error) ?? error;
  }
};

/**
 * The driver itself, for a raw connection to a store's file (benchmarks' baselines, tests that
 * play a database owner tampering with rows). Stores never need it: use `createSqliteEventStore`.
 */
export const openRawSqlite = (path: string, options?: Database.Options): Database.Database => openSqliteDatabase(path, options);
