import type { SqlDatabase } from '@banjian/core';
import { existsSync } from 'node:fs';
import { createPool } from '../postgres/connection';
import { isPostgresUrl, splitSchemaParam } from '../postgres/register';
import { DEFAULT_SCHEMA } from '../postgres/schema-name';
import { StoreUrlError } from '../url/open-store';
import { postgresSqlDatabase } from './postgres';
import { sqliteSqlDatabase } from './sqlite';

/**
 * The SQL database at a store URL without opening a store: opening it creates and migrates
 * nothing, so the URL may name a PostgreSQL hot standby (read-only) to read read models from, or a
 * schema of a service's own tables. `postgres://…[?schema=]` gets a small pool of its own (ended
 * by `close`); `sqlite:<path>` a connection of its own to an existing file.
 */
export const openReadModelDatabase = async (url: string, options: { readonly poolSize?: number } = {}): Promise<SqlDatabase> => {
  if (isPostgresUrl(url)) {
    // A host list reads from the servers' first standby with `?target_session_attrs=prefer-standby`.
    const { schema = DEFAULT_SCHEMA, connectionString } = splitSchemaParam(url);
    const pool = createPool(connectionString, { max: options.poolSize ?? 4 });
    // An idle connection dropped by the server (a standby restarting) must not end the process.
    pool.on('error', () => undefined);
    const db = postgresSqlDatabase(pool, schema);
    return { ...db, close: () => pool.end() };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/|\.)/, '').split('?')[0]!;
    if (path === '' || path === ':memory:' || !existsSync(path)) throw new StoreUrlError(`${url}: no store file to read read models from`);
    return sqliteSqlDatabase(path);
  }
  throw new StoreUrlError(`${url}: read models are read from a postgres:// or sqlite: URL`);
};
