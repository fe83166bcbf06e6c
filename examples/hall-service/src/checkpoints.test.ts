import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLog, type Checkpoint, type RawEventSource } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, CLERK } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';

let h: TestService;
let dir: string;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const results: unknown[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banjian-checkpoints-'));
  h = await startTestService({ checkpoints: { privateKey, to: [{ dir }], everyMs: 3_600_000, onResult: (r) => results.push(r) } });
  await h.posted(application('c-1'), CLERK);
});

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signed checkpoints on a schedule', () => {
  it('given the service’s schedule, when a checkpoint is due, then one signed over the whole log is published to the folder and verifies', async () => {
    await h.service.checkpointNow!();
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const checkpoint = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as Checkpoint;
    expect(checkpoint.size).toBe(await h.eventCount());
    expect(results).toEqual([{ checkpoint, published: [join(dir, files[0]!)] }]);
    const verified = await verifyLog((h.service.store as unknown as RawEventSource).readRaw(), { checkpoints: [checkpoint], publicKey });
    expect(verified).toMatchObject({ ok: true });
  });
});
