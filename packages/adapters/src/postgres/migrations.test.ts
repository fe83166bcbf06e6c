import { afterAll, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import { LATEST_POSTGRES_SCHEMA_VERSION } from './migrations';
import { createPostgresEventStore } from './store';
import { asOwner, dropSchema, PG_URL, uniqueSchema } from './test-support';

const schemas: string[] = [];
const fresh = (label: string) => {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  return schema;
};

afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

describe('schema migrations (postgres)', () => {
  it('given several stores opening one new schema at once, when they open, then each migration is applied once and all of them work', async () => {
    const schema = fresh('migrate');
    const stores = await Promise.all([1, 2, 3, 4].map(() => createPostgresEventStore({ connectionString: PG_URL, schema, poolSize: 2 })));
    await stores[0]!.appendToStream('consultation-a', [consultation(0)]);
    await stores[3]!.appendToStream('consultation-a', [consultation(1)], { expectedVersion: 0 });
    await Promise.all(stores.map((s) => s.close()));

    const reopened = await createPostgresEventStore({ connectionString: PG_URL, schema });
    expect((await reopened.readStream('consultation-a')).map((e) => e.streamPosition)).toEqual([0, 1]);
    await reopened.close();
    const versions = await asOwner(async (c) => (await c.query(`SELECT version FROM ${schema}.migrations ORDER BY version`)).rows.map((r) => r.version));
    expect(versions).toEqual(Array.from({ length: LATEST_POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('given a schema written by a newer banjian, when opened, then SchemaVersionError names both versions', async () => {
    const schema = fresh('newer');
    await (await createPostgresEventStore({ connectionString: PG_URL, schema })).close();
    await asOwner((c) => c.query(`INSERT INTO ${schema}.migrations (version, name) VALUES (999, 'from the future')`));
    await expect(createPostgresEventStore({ connectionString: PG_URL, schema })).rejects.toMatchObject({
      kind: 'schemaVersion',
      found: 999,
      supported: LATEST_POSTGRES_SCHEMA_VERSION,
    });
  });

  it('given a store chained with SM3, when reopened asking for SHA-256, then it is refused; without asking it keeps SM3', async () => {
    const schema = fresh('algo');
    await (await createPostgresEventStore({ connectionString: PG_URL, schema, hashAlgorithm: 'sm3' })).close();
    await expect(createPostgresEventStore({ connectionString: PG_URL, schema, hashAlgorithm: 'sha256' })).rejects.toMatchObject({
      kind: 'hashAlgorithmMismatch',
      stored: 'sm3',
      requested: 'sha256',
    });
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    expect(store.hashAlgorithm).toBe('sm3');
    await store.close();
  });

  it('given a schema name that is not a plain identifier, when opened, then it is refused before any SQL runs', async () => {
    await expect(createPostgresEventStore({ connectionString: PG_URL, schema: 'x; DROP TABLE y' })).rejects.toMatchObject({ kind: 'schemaName' });
  });
});
