import { generateKeyPairSync } from 'node:crypto';
import { createCheckpointSigner } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, type PostgresEventStore } from './store';
import { dropSchema, PG_URL, uniqueSchema } from './test-support';

const schema = uniqueSchema('checkpoints');
let store: PostgresEventStore;
const signer = createCheckpointSigner({ privateKey: generateKeyPairSync('ed25519').privateKey, now: () => '2025-03-04T09:00:00+08:00' });
const root = (digit: string) => digit.repeat(64);

beforeAll(async () => {
  store = await createPostgresEventStore({ connectionString: PG_URL, schema });
});
afterAll(async () => {
  await store.close();
  await dropSchema(schema);
});

describe('checkpoint store (postgres)', () => {
  it('given checkpoints saved out of order, when listed, then they come by size, ties in the order saved, as saved', async () => {
    const saved = [signer.sign({ size: 10, root: root('a') }), signer.sign({ size: 3, root: root('b') }), signer.sign({ size: 10, root: root('c') })];
    for (const checkpoint of saved) await store.checkpoints.save(checkpoint);
    expect(await store.checkpoints.list()).toEqual([saved[1], saved[0], saved[2]]);

    const reopened = await createPostgresEventStore({ connectionString: PG_URL, schema });
    expect(await reopened.checkpoints.list()).toHaveLength(3);
    await reopened.close();
  });

  it('given something that is not a checkpoint, when saved, then InvalidCheckpointError names the field and nothing is kept', async () => {
    const before = (await store.checkpoints.list()).length;
    const bad = { ...signer.sign({ size: 4, root: root('d') }), root: 'not hex' };
    await expect(store.checkpoints.save(bad)).rejects.toMatchObject({ kind: 'invalidCheckpoint', field: 'root' });
    expect(await store.checkpoints.list()).toHaveLength(before);
  });
});
