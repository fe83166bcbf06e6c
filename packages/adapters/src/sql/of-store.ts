import type { EventStore, SqlDatabase } from '@banjian/core';
import type pg from 'pg';
import { postgresSqlDatabase } from './postgres';
import { sqliteSqlDatabase } from './sqlite';

/**
 * The database a store keeps its events in, for read models to keep their rows beside them:
 * the PostgreSQL store's schema (on its pool), or the SQLite store's file (a connection of its
 * own). Undefined for stores without one (memory:, file:, esdb://): reports then rebuild from the log.
 */
export const readModelDatabaseOf = (store: EventStore): SqlDatabase | undefined => {
  const s = store as Partial<{ pool: pg.Pool; schema: string; path: string; unitOfWork: unknown }>;
  if (s.pool && typeof s.schema === 'string') return postgresSqlDatabase(s.pool, s.schema);
  if (typeof s.path === 'string' && typeof s.unitOfWork === 'function' && s.path !== ':memory:') return sqliteSqlDatabase(s.path);
  return undefined;
};
