import { afterAll, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import { openStore } from '../url/open-store';
import './register';
import { dropSchema, PG_URL, uniqueSchema } from './test-support';

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
});
