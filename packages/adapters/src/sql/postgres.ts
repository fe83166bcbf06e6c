import { isSqlArray, type SqlDatabase, type SqlQuery } from '@banjian/core';
import type pg from 'pg';
import { requireDriver } from '../drivers/index';
import { nullableArray } from '../postgres/binary-arrays';
import { checkout } from '../postgres/connection';
import { checkSchemaName } from '../postgres/schema-name';

/** bigint columns (positions, epoch milliseconds) are read as numbers: read models keep them below 2^53. */
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? Number : requireDriver<typeof pg>('pg', 'postgres://').types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** A parameter as the driver takes it: an array parameter (`sqlArray`) in the binary array format. */
const valueOf = (param: unknown): unknown => (isSqlArray(param) ? nullableArray(param.sqlArrayOf, param.values) : param);

const queryOn = (client: pg.Pool | pg.PoolClient): SqlQuery['query'] =>
  (async (text: string, params: readonly unknown[] = []) => (await client.query({ text, values: params.map(valueOf), types })).rows) as SqlQuery['query'];

/** The read models' database on a PostgreSQL store's pool and schema (tables `<schema>.<name>`). */
export const postgresSqlDatabase = (pool: pg.Pool, schema: string): SqlDatabase => {
  checkSchemaName(schema);
  return {
    dialect: 'postgres',
    table: (name) => `${schema}.${name}`,
    query: queryOn(pool),
    async transaction(work) {
      const { client, release } = await checkout(pool);
      try {
        await client.query('BEGIN');
        const result = await work({ query: queryOn(client) });
        await client.query('COMMIT');
        release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        release(error);
        throw error;
      }
    },
    // The pool is the store's: closing the store ends it.
    close: async () => undefined,
  };
};
