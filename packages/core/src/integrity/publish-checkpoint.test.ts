import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInMemoryEventStore } from '../store/memory';
import { accepted, at, submitted, toAppend } from '../testkit/sample-case.fixture';
import { createCheckpointSigner, verifyCheckpoint, type Checkpoint } from './checkpoint';
import { createInMemoryCheckpointStore } from './checkpoint-store';
import { publishCheckpoint, PublishCheckpointError } from './publish-checkpoint';
import { verifyLog } from './verify';

const keys = generateKeyPairSync('ed25519');
const signer = createCheckpointSigner({ privateKey: keys.privateKey, now: () => '2025-03-04T18:00:00+08:00' });

const hallStore = async () => {
  const store = Object.assign(createInMemoryEventStore(), { checkpoints: createInMemoryCheckpointStore() });
  await store.appendToStream('case-a', [toAppend(submitted('a'), at(0)), toAppend(accepted('a'), at(5))]);
  await store.appendToStream('case-b', [toAppend(submitted('b'), at(1))]);
  return store;
};

describe('publishCheckpoint', () => {
  it('given a store, when a checkpoint is published, then it signs the whole log, goes to each destination and into the store, and anchors verify', async () => {
    const store = await hallStore();
    const lines: string[] = [];
    const { checkpoint, published } = await publishCheckpoint({ store, signer, to: [{ write: (line) => lines.push(line) }] });
    expect(checkpoint).toMatchObject({ size: 3, algorithm: 'sha256', time: '2025-03-04T18:00:00+08:00', keyId: signer.keyId });
    expect(verifyCheckpoint(checkpoint, keys.publicKey)).toEqual({ valid: true });
    expect(published).toEqual(['stdout']);
    expect(JSON.parse(lines[0] as string)).toEqual(checkpoint);
    expect(await store.checkpoints.list()).toEqual([checkpoint]);
    expect(await verifyLog(store.readRaw(), { checkpoints: [checkpoint], publicKey: keys.publicKey })).toMatchObject({ ok: true, anchoredThrough: 3 });
  });

  it('given an endpoint that refuses, when published, then a destination error names it and the store keeps no copy', async () => {
    const store = await hallStore();
    const refusing = (async () => new Response('no', { status: 503, statusText: 'Service Unavailable' })) as typeof fetch;
    const attempt = publishCheckpoint({ store, signer, to: [{ url: 'https://audit.example/anchors' }], fetch: refusing });
    await expect(attempt).rejects.toThrow(PublishCheckpointError);
    await expect(attempt).rejects.toMatchObject({ kind: 'destination', message: 'https://audit.example/anchors answered 503 Service Unavailable' });
    expect(await store.checkpoints.list()).toEqual([]);
  });

  it('given a damaged log, when asked to publish, then nothing is signed', async () => {
    const store = await hallStore();
    const damaged = Object.assign(Object.create(store) as typeof store, {
      async *readRaw() {
        for await (const r of store.readRaw()) yield r.globalPosition === 2 ? { ...r, canonical: `${r.canonical} ` } : r;
      },
    });
    const written: Checkpoint[] = [];
    await expect(publishCheckpoint({ store: damaged, signer, to: [{ write: (line) => written.push(JSON.parse(line)) }] })).rejects.toMatchObject({
      kind: 'damagedLog',
      message: expect.stringMatching(/the log is damaged, nothing signed: altered at case-a position 1 \(global 2\)/),
    });
    expect(written).toEqual([]);
  });
});
