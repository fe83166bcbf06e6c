import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultations } from '../contract/fixtures';
import { createPostgresEventStore, type PostgresEventStore } from './store';
import { asOwner, dropSchema, PG_URL, uniqueSchema } from './test-support';

const schema = uniqueSchema('guards');
let store: PostgresEventStore;

beforeAll(async () => {
  store = await createPostgresEventStore({ connectionString: PG_URL, schema });
  await store.appendToStream('consultation-a', consultations(0, 3));
});

afterAll(async () => {
  await store.close();
  await dropSchema(schema);
});

const refusal = async (sql: string) =>
  asOwner(async (c) => {
    try {
      await c.query(sql);
    } catch (error) {
      return error as { code?: string; message: string };
    }
    throw new Error(`${sql}: succeeded`);
  });

describe('append-only guards (postgres)', () => {
  it.each([
    ['UPDATE', `UPDATE ${schema}.events SET canonical = canonical || ' ' WHERE stream_position = 0`],
    ['UPDATE', `UPDATE ${schema}.events SET hash = hash WHERE false`],
    ['DELETE', `DELETE FROM ${schema}.events WHERE stream_position = 2`],
    ['TRUNCATE', `TRUNCATE ${schema}.events`],
  ])('given stored events, when %s runs (even as the owner), then it is refused with SQLSTATE BJ003 and nothing changes', async (operation, sql) => {
    const before = await store.readStream('consultation-a');
    const error = await refusal(sql);
    expect(error.code).toBe('BJ003');
    expect(error.message).toContain(`${operation} refused`);
    expect(await store.readStream('consultation-a')).toEqual(before);
  });
});
