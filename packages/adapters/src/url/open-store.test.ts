import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash, exportEventLog, GENESIS_HASH, hashedText, type EventStore } from '@banjian/core';
import { afterEach, describe, expect, it } from 'vitest';
import { consultations } from '../contract/index';
import { openStore, registerStoreScheme } from './index';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-url-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const opened = async (url: string): Promise<EventStore> => {
  const store = await openStore(url);
  cleanups.push(() => store.close());
  return store;
};

describe('store URLs', () => {
  it('given memory:, when opened, then it is a working store that chains with SHA-256; with ?hash=sm3, with SM3', async () => {
    for (const [url, algorithm] of [
      ['memory:', 'sha256'],
      ['memory:?hash=sm3', 'sm3'],
    ] as const) {
      const store = await opened(url);
      const { events } = await store.appendToStream('consultation-a', consultations(0, 1));
      expect(events[0]!.hash).toBe(chainHash(algorithm, GENESIS_HASH, hashedText(events[0] as never)));
    }
  });

  it('given sqlite:<path>, when opened twice, then the second sees what the first stored in that file', async () => {
    const path = join(tempDir(), 'hall.db');
    const first = await openStore(`sqlite:${path}?synchronous=NORMAL`);
    await first.appendToStream('consultation-a', consultations(0, 2));
    await first.close();
    expect(existsSync(path)).toBe(true);
    const second = await opened(`sqlite://${path}`);
    expect(await second.readStream('consultation-a')).toHaveLength(2);
  });

  it('given sqlite: with no path, when opened, then the store is ./banjian.db in the working directory', async () => {
    const dir = tempDir();
    const before = process.cwd();
    process.chdir(dir);
    cleanups.push(() => process.chdir(before));
    const store = await opened('sqlite:');
    await store.appendToStream('consultation-a', consultations(0, 1));
    expect(existsSync(join(dir, 'banjian.db'))).toBe(true);
  });

  it('given file:<path>.ndjson of an exported log, when opened, then it reads like the store it came from and refuses appends', async () => {
    const dir = tempDir();
    const source = await opened(`sqlite:${join(dir, 'source.db')}`);
    await source.appendToStream('consultation-a', consultations(0, 3));
    const lines: string[] = [];
    for await (const line of exportEventLog(source)) lines.push(line);
    writeFileSync(join(dir, 'log.ndjson'), `${lines.join('\n')}\n`);

    const file = await opened(`file:${join(dir, 'log.ndjson')}`);
    expect(await file.readStream('consultation-a')).toEqual(await source.readStream('consultation-a'));
    await expect(file.appendToStream('consultation-a', consultations(3, 1))).rejects.toMatchObject({ kind: 'readOnlyStore' });
  });

  it('given file: naming a log with a bad line, when opened, then the error names the line', async () => {
    const path = join(tempDir(), 'bad.ndjson');
    writeFileSync(path, '{"not": "an event"}\n');
    await expect(openStore(`file:${path}`)).rejects.toMatchObject({ kind: 'eventLogFile', line: 1 });
  });

  it('given an unknown scheme, when opened, then StoreUrlError lists the known ones', async () => {
    await expect(openStore('mysql://localhost/halls')).rejects.toMatchObject({ kind: 'storeUrl', message: expect.stringContaining('sqlite:<path>') });
  });

  it('given a bad parameter or value, when opened, then StoreUrlError names it', async () => {
    const path = join(tempDir(), 'x.db');
    await expect(openStore(`sqlite:${path}?synchronous=OFF`)).rejects.toMatchObject({ kind: 'storeUrl', message: expect.stringContaining('synchronous') });
    await expect(openStore(`sqlite:${path}?journal=delete`)).rejects.toMatchObject({ kind: 'storeUrl', message: expect.stringContaining('"journal"') });
    await expect(openStore('memory:?hash=md5')).rejects.toMatchObject({ kind: 'storeUrl', message: expect.stringContaining('md5') });
  });

  it('given a path in a directory that does not exist, when opened, then StoreUrlError says it cannot open it', async () => {
    await expect(openStore(`sqlite:${join(tempDir(), 'no', 'such', 'dir.db')}`)).rejects.toMatchObject({ kind: 'storeUrl' });
  });

  it('given create: false and a sqlite: path with no file, when opened, then StoreUrlError names the path and no file is created', async () => {
    const path = join(tempDir(), 'nope.db');
    await expect(openStore(`sqlite:${path}`, { create: false })).rejects.toMatchObject({ kind: 'storeUrl', message: expect.stringContaining(path) });
    expect(existsSync(path)).toBe(false);
  });

  it('given create: false and an existing sqlite: file, when opened, then it opens as usual', async () => {
    const path = join(tempDir(), 'hall.db');
    const first = await openStore(`sqlite:${path}`);
    await first.appendToStream('consultation-a', consultations(0, 1));
    await first.close();
    const again = await openStore(`sqlite:${path}`, { create: false });
    cleanups.push(() => again.close());
    expect(await again.readStream('consultation-a')).toHaveLength(1);
  });

  it('given a scheme registered by another adapter, when its URL is opened, then its opener is used', async () => {
    const store = await opened('memory:');
    registerStoreScheme((url) => url.startsWith('test-scheme:'), async () => store);
    expect(await openStore('test-scheme://anything')).toBe(store);
  });
});
