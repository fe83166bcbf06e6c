import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as banjian, simulateHall } from '@banjian/cli';
import { createInMemoryEventStore, exportEventLog } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReplay } from './run';

let dir: string;
let bundle: string;

const quiet = () => {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } }, out: () => out, err: () => err };
};

const replayBundle = async (path: string) => {
  const q = quiet();
  const code = await runReplay([], { json: false, bundle: path }, { ...q.io, readFile: (p) => readFileSync(p, 'utf8') });
  return { code, out: q.out(), err: q.err() };
};

/** A copy of the bundle with one file changed. */
const tampered = (name: string, change: (text: string) => string): string => {
  const copy = mkdtempSync(join(dir, 'tampered-'));
  cpSync(bundle, copy, { recursive: true });
  writeFileSync(join(copy, name), change(readFileSync(join(copy, name), 'utf8')));
  return copy;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'auditor-bundle-'));
  const store = createInMemoryEventStore();
  await simulateHall(store, { seed: 4, casesPerYear: 150, itemCount: 20, windowCount: 8, townshipCount: 1, anomalies: true });
  const lines: string[] = [];
  for await (const line of exportEventLog(store)) lines.push(line);
  writeFileSync(join(dir, 'hall.ndjson'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'key.pem'), generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  bundle = join(dir, 'bundle');
  const q = quiet();
  const code = await banjian(['export', '--bundle', bundle, '--key', join(dir, 'key.pem'), '--from', '2025-01-01', '--to', '2026-01-01', '--store', `file:${join(dir, 'hall.ndjson')}`], q.io);
  if (code !== 0) throw new Error(q.err());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('auditor replay of a bundle (banjian export --bundle)', () => {
  it('given an untouched bundle, when replayed offline, then the files, the signed checkpoint, every figure and every finding reconcile (exit 0)', async () => {
    const { code, out } = await replayBundle(bundle);
    expect(out).toContain('files: every file as the manifest says');
    expect(out).toContain('checkpoints: 1 (signatures checked');
    expect(out).toMatch(/findings: (\d+) published, \1 recomputed: every finding reconciles/);
    expect(out).toContain('BUNDLE RECONCILED');
    expect(code).toBe(0);
  });

  it('given a bundle whose findings lost one (a 删差评 finding deleted), when replayed, then the finding the log gives is named and the file named changed (exit 1)', async () => {
    const copy = tampered('findings.json', (text) => {
      const audit = JSON.parse(text);
      audit.findings = audit.findings.filter((f: { definition: string }) => f.definition !== 'appealExcluded@1');
      return JSON.stringify(audit);
    });
    const { code, out } = await replayBundle(copy);
    expect(out).toContain('files CHANGED since the bundle was written: findings.json');
    expect(out).toMatch(/EXTRA {4}appealExcluded@1 /);
    expect(out).toContain('BUNDLE DIFFERS');
    expect(code).toBe(1);
  });

  it('given a bundle whose log lost its newest event, when replayed, then the signed checkpoint catches it (exit 1)', async () => {
    const copy = tampered('events.ndjson', (text) => `${text.trimEnd().split('\n').slice(0, -1).join('\n')}\n`);
    const { code, out } = await replayBundle(copy);
    expect(out).toContain('log DAMAGED');
    expect(out).toContain('BUNDLE DAMAGED');
    expect(code).toBe(1);
  });

  it('given a folder that is not a bundle, when replayed, then one line and exit 2', async () => {
    const { code, err } = await replayBundle(join(dir, 'nowhere'));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
