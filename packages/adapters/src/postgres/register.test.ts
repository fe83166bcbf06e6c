import { afterAll, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import { openStore } from '../url/open-store';
import './register';
import { asOwner, dropSchema, PG_URL, uniqueSchema } from './test-support';

const schema = uniqueSchema('url');

afterAll(() => dropSchema(schema));

describe('postgres store URLs', () => {
  it.each(['postgres', 'postgresql'])('given a %s:// URL with a schema parameter, when opened, then it is a working store in that schema', async (scheme) => {
    const url = `${PG_URL.replace(/^postgres(ql)?:/, `${scheme}:`)}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    const store = await openStore(url);
    const result = await store.appendToStream(`consultation-${scheme}`, [consultation(0)]);
    expect(result.events[0]).toMatchObject({ streamId: `consultation-${scheme}`, streamPosition: 0 });
    expect((await store.readStream(`consultation-${scheme}`)).map((e) => e.eventId)).toEqual([result.events[0]!.eventId]);
    await store.close();
  });

  it('given create: false, when the schema holds no store, then StoreUrlError names it and no schema is created; when it does, the store opens', async () => {
    const typo = uniqueSchema('typo');
    const at = (name: string) => `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${name}`;
    await expect(openStore(at(typo), { create: false })).rejects.toMatchObject({ kind: 'storeUrl', message: expect.stringContaining(`no store in schema ${typo}`) });
    const schemas = await asOwner(async (c) => (await c.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [typo])).rowCount);
    expect(schemas).toBe(0);
    const existing = await openStore(at(schema));
    await existing.close();
    const store = await openStore(at(schema), { create: false });
    expect(await store.readStream('consultation-postgres')).toHaveLength(1);
    await store.close();
  });
});

