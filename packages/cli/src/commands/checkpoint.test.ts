import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore, openRawSqlite } from '@banjian/adapters';
import { caseOpening } from '@banjian/adapters/contract';
import { describe, expect, it } from 'vitest';
import { cli, tempFolders } from './cli-run.fixture';

const folder = tempFolders('banjian-checkpoint-');

/** A SQLite store of two cases' openings, and a key pair in files. */
const setUp = async () => {
  const dir = folder();
  const path = join(dir, 'hall.db');
  const store = createSqliteEventStore({ path });
  await store.appendToStream('case-c-1', caseOpening('c-1'));
  await store.appendToStream('case-c-2', caseOpening('c-2'));
  await store.close();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = join(dir, 'signing.pem');
  const pub = join(dir, 'public.pem');
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { dir, path, store: `sqlite:${path}`, key, pub };
};

describe('banjian checkpoint', () => {
  it('given a store and a key, when published to a folder twice, then each is a file there and verify proves the log against both (exit 0)', async () => {
    const { dir, store, key, pub } = await setUp();
    const folder = join(dir, 'anchors/');
    const first = await cli('checkpoint', '--store', store, '--key', key, '--out', folder);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^signed checkpoint at size \d+, root [0-9a-f]{64} \(sha256, key [0-9a-f]{16}\): .*anchors\/checkpoint-0+\d+-.*\.json\n$/);
    expect((await cli('checkpoint', '--store', store, '--key', key, '--out', folder)).code).toBe(0);
    expect(readdirSync(folder)).toHaveLength(2);
    const verified = await cli('verify', '--store', store, '--checkpoints', folder, '--public-key', pub);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/all under checkpoints checked with the key \(2 checkpoints\)/);
  });

  it('given --stdout and a file, when published, then the checkpoint is one JSON line on stdout and a line appended to the file', async () => {
    const { dir, store, key } = await setUp();
    const file = join(dir, 'anchors.ndjson');
    const { code, out } = await cli('checkpoint', '--store', store, '--key', key, '--stdout', '--out', file);
    expect(code).toBe(0);
    const checkpoint = JSON.parse(out) as { size: number; algorithm: string };
    expect(checkpoint).toMatchObject({ algorithm: 'sha256', signature: expect.any(String) });
    expect(readFileSync(file, 'utf8')).toBe(out);
  });

  it('given --post, when published, then the endpoint receives the checkpoint; an endpoint answering 503 is exit 2 with one line', async () => {
    const { store, key } = await setUp();
    const received: string[] = [];
    let status = 201;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/anchors`;
      expect((await cli('checkpoint', '--store', store, '--key', key, '--post', url)).code).toBe(0);
      expect(JSON.parse(received[0] as string)).toMatchObject({ algorithm: 'sha256' });
      status = 503;
      const refused = await cli('checkpoint', '--store', store, '--key', key, '--post', url);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/^banjian checkpoint: http:\/\/127\.0\.0\.1:\d+\/anchors answered 503/);
      expect(refused.err.trim().split('\n')).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('given a damaged log, when asked to sign, then nothing is signed: exit 1', async () => {
    const { dir, path, store, key } = await setUp();
    const db = openRawSqlite(path);
    db.exec("DROP TRIGGER events_no_update; UPDATE events SET type = 'CaseCompleted' WHERE global_position = 2;");
    db.close();
    const folder = join(dir, 'anchors');
    const { code, err } = await cli('checkpoint', '--store', store, '--key', key, '--out', `${folder}/`);
    expect(code).toBe(1);
    expect(err).toMatch(/the log is damaged, nothing signed: altered at case-c-1 position 1 \(global 2\): the type column/);
  });

  it('given bad input, when run, then exit 2 with a one-line reason', async () => {
    const { dir, store, key } = await setUp();
    const cases: [string[], RegExp][] = [
      [['checkpoint', '--store', store, '--key', key], /say where to publish/],
      [['checkpoint', '--store', store, '--out', join(dir, 'a.ndjson')], /--key is required/],
      [['checkpoint', '--store', store, '--key', join(dir, 'absent.pem'), '--stdout'], /private key: cannot read/],
      [['checkpoint', '--store', store, '--key', key, '--out', join(dir, 'no/such/dir/file.ndjson')], /ENOENT/],
    ];
    for (const [args, reason] of cases) {
      const { code, err } = await cli(...args);
      expect(code).toBe(2);
      expect(err).toMatch(reason);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });

  it.each([
    ['not JSON', '{"size": 3, "root": '],
    ['a checkpoint without its root', '{"size":3,"time":"2025-03-04T10:00:00Z","algorithm":"sha256","signature":"x"}'],
    ['binary garbage', '\u0000\u0001\u0002'],
  ])('given a checkpoint file that is %s in the folder, when verified, then exit 2 with one line naming the file', async (_, text) => {
    const { dir, store, key, pub } = await setUp();
    const folder = join(dir, 'anchors/');
    expect((await cli('checkpoint', '--store', store, '--key', key, '--out', folder)).code).toBe(0);
    writeFileSync(join(folder, 'corrupt.json'), text);
    const { code, out, err } = await cli('verify', '--store', store, '--checkpoints', folder, '--public-key', pub);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^banjian verify: --checkpoints .*corrupt\.json: checkpoint \d+: /);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
