import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@banjian/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { simulateHall } from '../simulator/index';
import { captureIo } from '../test-io';

describe('banjian export --bundle', () => {
  let dir: string;
  let url: string;
  let keyPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banjian-bundle-'));
    const path = join(dir, 'hall.db');
    const store = createSqliteEventStore({ path });
    await simulateHall(store, { seed: 9, casesPerYear: 150, itemCount: 20, windowCount: 8, townshipCount: 1, anomalies: true });
    await store.close();
    url = `sqlite:${path}`;
    keyPath = join(dir, 'signing.pem');
    writeFileSync(keyPath, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a store and a key, when a bundle is exported, then the folder holds the log, a signed checkpoint, the key, report, definitions and findings, each in the manifest, and verify proves the log with them', async () => {
    const bundle = join(dir, 'bundle');
    const io = captureIo();
    expect(await run(['export', '--bundle', bundle, '--key', keyPath, '--store', url], io)).toBe(0);
    expect(io.out()).toMatch(/^bundle .*: \d+ events, 1 checkpoints, report and \d+ findings for \d{4}-01-01 – 2026-01-01\n$/);
    expect(readdirSync(bundle).sort()).toEqual(['checkpoints', 'definitions.json', 'events.ndjson', 'findings.json', 'manifest.json', 'public-key.pem', 'report.json']);
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual(['checkpoints/bundle.json', 'definitions.json', 'events.ndjson', 'findings.json', 'public-key.pem', 'report.json']);
    const report = JSON.parse(readFileSync(join(bundle, 'report.json'), 'utf8'));
    const findings = JSON.parse(readFileSync(join(bundle, 'findings.json'), 'utf8'));
    expect(report.checkpoint).toBe(manifest.checkpoint);
    expect(findings.checkpoint).toBe(manifest.checkpoint);
    expect(findings.findings.length).toBeGreaterThan(0);
    const definitions = JSON.parse(readFileSync(join(bundle, 'definitions.json'), 'utf8'));
    expect(definitions.figures.onTimeRate).toBeDefined();
    expect(definitions.findings.map((d: { definition: string }) => d.definition)).toContain('backdated@1');

    const verify = captureIo();
    const args = ['verify', '--store', `file:${join(bundle, 'events.ndjson')}`, '--checkpoints', join(bundle, 'checkpoints'), '--public-key', join(bundle, 'public-key.pem')];
    expect(await run(args, verify)).toBe(0);
    expect(verify.out()).toContain('all under checkpoints checked with the key (1 checkpoint)');
  });

  it('given a store that keeps signed checkpoints, when a bundle is exported without a key, then they are in checkpoints/store.ndjson and verify proves the log with them', async () => {
    expect(await run(['checkpoint', '--store', url, '--key', keyPath, '--stdout'], captureIo())).toBe(0);
    const bundle = join(dir, 'store-checkpoints');
    expect(await run(['export', '--bundle', bundle, '--store', url], captureIo())).toBe(0);
    expect(readdirSync(join(bundle, 'checkpoints'))).toEqual(['store.ndjson']);
    expect(JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')).signedCheckpoints).toBe(1);
    writeFileSync(join(dir, 'public.pem'), createPublicKey(readFileSync(keyPath, 'utf8')).export({ type: 'spki', format: 'pem' }));
    const verify = captureIo();
    const args = ['verify', '--store', `file:${join(bundle, 'events.ndjson')}`, '--checkpoints', join(bundle, 'checkpoints'), '--public-key', join(dir, 'public.pem')];
    expect(await run(args, verify)).toBe(0);
  });

  it.each([
    [['--key', 'x'], '--key goes with --bundle'],
    [['--bundle', 'b', '--out', 'o'], 'choose one'],
    [['--bundle', 'b', '--from', '2025-01-01'], 'go together'],
    [['--bundle', 'b', '--from', '2025-02-30', '--to', '2025-03-01'], 'is not a date'],
  ])('given bad arguments %j, when exported, then one line and exit 2', async (extra, reason) => {
    const io = captureIo();
    expect(await run(['export', ...extra, '--store', url], io)).toBe(2);
    expect(io.err()).toContain(reason);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('given a folder that is not empty or a key that is not Ed25519, when a bundle is exported, then one line and exit 2', async () => {
    const io = captureIo();
    expect(await run(['export', '--bundle', dir, '--store', url], io)).toBe(2);
    expect(io.err()).toContain('not empty');
    const badKey = captureIo();
    expect(await run(['export', '--bundle', join(dir, 'other'), '--key', join(dir, 'nope.pem'), '--store', url], badKey)).toBe(2);
    expect(badKey.err()).toContain('--key');
  });
});
