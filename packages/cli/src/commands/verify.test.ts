import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, openRawSqlite } from '@banjian/adapters';
import { createCheckpointSigner, createInMemoryEventStore, exportEventLog, merkleRoot, type EventToAppend } from '@banjian/core';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { captureIo } from '../test-io';

const actor = { kind: 'staff', id: 'staff-1', windowId: 'window-1' } as const;
const visit = (caseId: string, minute: number): EventToAppend => ({
  type: 'VisitRecorded',
  data: { caseId, purpose: 'enquire' },
  occurredAt: `2025-03-04T09:${String(minute).padStart(2, '0')}:00+08:00`,
  actor,
});

/** Two cases, five events, exported as NDJSON lines (global 1 = a#0, 2 = b#0, 3 = a#1, 4 = b#1, 5 = a#2). */
const exportedLines = async (): Promise<string[]> => {
  const store = createInMemoryEventStore({ now: () => '2025-03-04T10:00:00+08:00' });
  for (const [caseId, minute] of [['a', 1], ['b', 2], ['a', 3], ['b', 4], ['a', 5]] as const) await store.appendToStream(`case-${caseId}`, [visit(caseId, minute)]);
  const lines: string[] = [];
  for await (const line of exportEventLog(store)) lines.push(line);
  return lines;
};

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'banjian-verify-'));
  made.push(d);
  return d;
};
const writeFile = (name: string, text: string) => {
  const path = join(dir(), name);
  writeFileSync(path, text);
  return path;
};
const writeLog = (lines: readonly string[]) => writeFile('log.ndjson', `${lines.join('\n')}\n`);

const verify = async (...args: string[]) => {
  const io = captureIo();
  const code = await run(['verify', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

const keys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicPath: writeFile('public.pem', publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
};
const signedCheckpoints = (lines: readonly string[], privateKey: Parameters<typeof createCheckpointSigner>[0]['privateKey'], size: number) => {
  const hashes = lines.map((line) => (JSON.parse(line) as { hash: string }).hash);
  return createCheckpointSigner({ privateKey }).sign({ size, root: merkleRoot('sha256', hashes, size) });
};

describe('banjian verify', () => {
  it('given an intact exported file and no checkpoint, when verified, then it exits 3: intact with the counts and the Merkle root, but not anchored', async () => {
    const { code, out } = await verify('--store', `file:${writeLog(await exportedLines())}`);
    expect(code).toBe(3);
    expect(out).toMatch(/^intact: 5 events in 2 streams, last global position 5, Merkle root [0-9a-f]{64} \(sha256\); NOT ANCHORED: no signed checkpoint covers the log/);
  });

  it('given --json, when verified, then the result is printed as JSON', async () => {
    const { code, out } = await verify('--store', `file:${writeLog(await exportedLines())}`, '--json');
    expect(code).toBe(3);
    expect(JSON.parse(out)).toMatchObject({ ok: true, events: 5, streams: 2, lastPosition: 5, algorithm: 'sha256', anchoredThrough: 0, damages: [] });
  });

  it('given a file with a changed payload, when verified, then it exits 1 naming the stream, position and kind', async () => {
    const lines = await exportedLines();
    lines[2] = (lines[2] as string).replace('"purpose":"enquire"', '"purpose":"collect"');
    const { code, out } = await verify('--store', `file:${writeLog(lines)}`);
    expect(code).toBe(1);
    expect(out).toMatch(/^damaged: 1 damage \(altered 1\) in 5 events; the first 1:\n  altered at case-a position 1 \(global 3\): stored hash ≠ H\(prevHash ‖ stored canonical text\)/);
  });

  it('given a file with a line removed, when verified as JSON, then it exits 1 with the missing position', async () => {
    const lines = await exportedLines();
    const { code, out } = await verify('--store', `file:${writeLog(lines.filter((_, i) => i !== 2))}`, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out).damage).toMatchObject({ kind: 'missing', streamId: 'case-a', streamPosition: 1, globalPosition: 5 });
  });

  it('given signed checkpoints and the public key, when verified, then they are confirmed; a flipped signature byte exits 1 as badSignature', async () => {
    const lines = await exportedLines();
    const { privateKey, publicPath } = keys();
    const checkpoint = signedCheckpoints(lines, privateKey, 4);
    const store = `file:${writeLog(lines)}`;
    const older = await verify('--store', store, '--checkpoints', writeFile('cp.json', JSON.stringify([checkpoint])), '--public-key', publicPath);
    expect(older).toMatchObject({ code: 3 });
    expect(older.out).toMatch(/; NOT ANCHORED: the newest 1 event \(after 4\) are under no signed checkpoint\n$/);
    const unchecked = await verify('--store', store, '--checkpoints', writeFile('cp.json', JSON.stringify([checkpoint])));
    expect(unchecked).toMatchObject({ code: 3 });
    expect(unchecked.out).toMatch(/NOT ANCHORED: 1 checkpoint matched but no public key was given/);
    const latest = signedCheckpoints(lines, privateKey, 5);
    const good = await verify('--store', store, '--checkpoints', writeFile('cp.json', JSON.stringify([checkpoint, latest])), '--public-key', publicPath);
    expect(good).toMatchObject({ code: 0 });
    expect(good.out).toMatch(/; all under checkpoints checked with the key \(2 checkpoints\)\n$/);

    const signature = Buffer.from(checkpoint.signature, 'base64');
    signature[0] = (signature[0] as number) ^ 0x01;
    const forged = { ...checkpoint, signature: signature.toString('base64') };
    const bad = await verify('--store', store, '--checkpoints', writeFile('cp.ndjson', `${JSON.stringify(forged)}\n`), '--public-key', publicPath);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^damaged: 1 damage \(badSignature 1\) in 5 events; the first 1:\n  badSignature at case-b position 1 \(global 4\): checkpoint at size 4: signature does not verify/);
  });

  it('given unusable input, when verified, then it exits 2 with a one-line reason', async () => {
    const lines = await exportedLines();
    const cases: [string[], RegExp][] = [
      [['--store', `file:${join(dir(), 'absent.ndjson')}`], /ENOENT/],
      [['--store', `file:${writeLog([lines[0] as string, 'not json'])}`], /line 2: \(json\): malformed JSON/],
      [['--store', `file:${writeLog(lines)}`, '--checkpoints', writeFile('cp.json', '[{"size":1}]')], /--checkpoints .*: checkpoint 1: root: /],
      [['--store', `file:${writeLog(lines)}`, '--public-key', join(dir(), 'absent.pem')], /public key: cannot read/],
      [['--store', `file:${writeLog(lines)}`, '--algorithm', 'md5'], /--algorithm must be sha256 or sm3/],
      [['--store', 'gopher://log'], /unknown store URL/],
    ];
    for (const [args, reason] of cases) {
      const { code, err } = await verify(...args);
      expect(code).toBe(2);
      expect(err).toMatch(reason);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('given a SQLite store file, when verified (read by range) before and after a row is deleted, then it is intact, then the gap is named', async () => {
    const path = join(dir(), 'events.db');
    const store = createSqliteEventStore({ path });
    for (const [caseId, minute] of [['a', 1], ['b', 2], ['a', 3], ['b', 4], ['a', 5]] as const) await store.appendToStream(`case-${caseId}`, [visit(caseId, minute)]);
    await store.close();
    const intact = await verify('--store', `sqlite:${path}`, '--json');
    expect(intact.code).toBe(3);
    expect(JSON.parse(intact.out)).toMatchObject({ ok: true, events: 5, streams: 2, lastPosition: 5 });

    const db = openRawSqlite(path);
    db.exec('DROP TRIGGER events_no_delete; DELETE FROM events WHERE global_position = 3;');
    db.close();
    const damaged = await verify('--store', `sqlite:${path}`);
    expect(damaged.code).toBe(1);
    expect(damaged.out).toMatch(/^damaged: 2 damages \(missing 2\) in 4 events; the first 2:\n  missing at case-b position 1 \(global 4\): global position 3 is absent[^\n]*\n  missing at case-a position 1 \(global 5\): position 1 is absent/);
  });

  it('given an empty memory store, when verified, then it is intact with no events', async () => {
    const { code, out } = await verify('--store', 'memory:');
    expect(code).toBe(0); // nothing to anchor
    expect(out).toMatch(/^intact: 0 events in 0 streams, last global position 0/);
  });
});
