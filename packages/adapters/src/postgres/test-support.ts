import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreUnderTest } from '../contract/types';
import { createPostgresEventStore, type PostgresEventStore, type PostgresEventStoreOptions } from './store';
import { PG_URL } from './test-server';

/** The server the PostgreSQL tests run against (skipped with one line a file when it is down, except in CI, which starts one). */
export { PG_URL };

/** A schema name no other test file or run uses. */
export const uniqueSchema = (label: string): string => `bj_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** Run statements as the database owner on a connection of its own. */
export const asOwner = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const dropSchema = (schema: string): Promise<void> => asOwner(async (c) => void (await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)));

/** A fresh store in a schema of its own, dropped by `cleanup`. */
export const makeTempPostgresStore = async (
  label: string,
  options: Omit<PostgresEventStoreOptions, 'connectionString' | 'schema'> = {},
): Promise<StoreUnderTest<PostgresEventStore>> => {
  const schema = uniqueSchema(label);
  const store = await createPostgresEventStore({ connectionString: PG_URL, schema, pollIntervalMs: 100, ...options });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
};
