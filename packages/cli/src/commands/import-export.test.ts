import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@banjian/adapters';
import { awkwardTexts, caseOpening, collect, consultation, consultations } from '@banjian/adapters/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../main';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-cli-io-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const cli = async (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
};

/** A store of four streams, interleaved, with awkward text; returns its sqlite: URL. */
const seededStore = async (dir: string): Promise<string> => {
  const path = join(dir, 'source.db');
  const store = createSqliteEventStore({ path });
  await store.appendToStream('consultation-a', consultations(0, 2));
  await store.appendToStream('case-c-1', caseOpening('c-1', 10));
  await store.appendToStream('consultation-文字', awkwardTexts.map((topic, i) => consultation(20 + i, { topic })));
  await store.appendToStream('consultation-a', consultations(2, 2));
  await store.close();
  return `sqlite:${path}`;
};

const eventsIn = async (url: string) => {
  const store = createSqliteEventStore({ path: url.slice('sqlite:'.length) });
  try {
    return await collect(store.readAll());
  } finally {
    await store.close();
  }
};

describe('banjian export', () => {
  it('given a store, when exported to standard output, then every event is one line in global order with its hash', async () => {
    const dir = tempDir();
    const url = await seededStore(dir);
    const { code, stdout } = await cli('export', '--store', url);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { globalPosition: number; hash: string; streamId: string });
    const stored = await eventsIn(url);
    expect(lines.map((l) => l.globalPosition)).toEqual(stored.map((e) => e.globalPosition));
    expect(lines.map((l) => l.hash)).toEqual(stored.map((e) => e.hash));
    expect(lines).toEqual(stored.map((e) => ({ ...e })));
  });

  it('given --out, when exported, then the file holds exactly what standard output would', async () => {
    const dir = tempDir();
    const url = await seededStore(dir);
    const out = join(dir, 'log.ndjson');
    const toFile = await cli('export', '--out', out, '--store', url);
    expect(toFile).toMatchObject({ code: 0, stdout: `exported 12 events to ${out}\n` });
    expect(readFileSync(out, 'utf8')).toBe((await cli('export', '--store', url)).stdout);
  });

  it('given an unknown store scheme, when exported, then a one-line reason and exit 2', async () => {
    const { code, stderr } = await cli('export', '--store', 'mysql://halls');
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown store URL');
  });
});

describe('banjian import', () => {
  const exported = async () => {
    const dir = tempDir();
    const url = await seededStore(dir);
    const { stdout } = await cli('export', '--store', url);
    return { dir, url, lines: stdout.trimEnd().split('\n') };
  };

  const importLines = async (dir: string, lines: readonly string[]) => {
    const file = join(dir, 'in.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const target = `sqlite:${join(dir, 'target.db')}`;
    return { file, target, ...(await cli('import', file, '--store', target)) };
  };

  it('given an exported log, when imported into a new store, then it exports back byte for byte', async () => {
    const { dir, url, lines } = await exported();
    const { code, stdout, target } = await importLines(dir, lines);
    expect(code).toBe(0);
    expect(stdout).toContain('imported 12 events in 3 streams');
    expect((await cli('export', '--store', target)).stdout).toBe((await cli('export', '--store', url)).stdout);
    // Intact; exit 3 because no signed checkpoint anchors the imported log.
    expect(await cli('verify', '--store', target)).toMatchObject({ code: 3, stdout: expect.stringMatching(/^intact: 12 events/) });
  });

  it('given a log without globalPosition, prevHash and hash, when imported, then the store computes the same hashes', async () => {
    const { dir, lines } = await exported();
    const bare = lines.map((l) => {
      const { globalPosition: _g, prevHash: _p, hash: _h, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
    const { code, target } = await importLines(dir, bare);
    expect(code).toBe(0);
    expect((await eventsIn(target)).map((e) => e.hash)).toEqual(lines.map((l) => (JSON.parse(l) as { hash: string }).hash));
  });

  const expectRefused = async (lines: string[], line: number, field: RegExp) => {
    const { dir } = await exported();
    const { code, stderr, file, target } = await importLines(dir, lines);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${file}:${line}: `);
    expect(stderr).toMatch(field);
    expect(await eventsIn(target)).toEqual([]);
    return stderr;
  };

  it('given a line that is not JSON, when imported, then its line number is named and nothing is imported', async () => {
    const { lines } = await exported();
    lines[2] = lines[2]!.slice(0, 40);
    await expectRefused(lines, 3, /:3: /);
  });

  it('given an unknown event type, when imported, then the type field of that line is named and nothing is imported', async () => {
    const { lines } = await exported();
    lines[1] = lines[1]!.replace('"type":"ConsultationRecorded"', '"type":"ConsultationTeleported"');
    const stderr = await expectRefused(lines, 2, /: type: .*ConsultationTeleported/);
    expect(stderr).toContain('ConsultationTeleported');
  });

  it('given a broken hash chain, when imported, then the line whose link fails is named and nothing is imported', async () => {
    const { lines } = await exported();
    const fourth = JSON.parse(lines[3]!) as Record<string, unknown>;
    lines[3] = JSON.stringify({ ...fourth, prevHash: 'a'.repeat(64) });
    await expectRefused(lines, 4, /prevHash|hash/);
  });

  it('given an altered payload with its old hash, when imported, then the hash of that line is refused and nothing is imported', async () => {
    const { lines } = await exported();
    const altered = lines[10]!.replace('开办企业', '关闭企业');
    expect(altered).not.toBe(lines[10]);
    lines[10] = altered;
    await expectRefused(lines, 11, /hash/);
  });

  it('given a wrong stream position, when imported, then the streamPosition of that line is named and nothing is imported', async () => {
    const { lines } = await exported();
    lines[10] = lines[10]!.replace(/"streamPosition":\d+/, '"streamPosition":7');
    await expectRefused(lines, 11, /streamPosition/);
  });

  it('given a bad last line after eleven good ones, when imported, then nothing at all is imported', async () => {
    const { lines } = await exported();
    lines[11] = lines[11]!.replace('"actor":{', '"actor":{"colour":"red",');
    await expectRefused(lines, 12, /actor\.colour/);
  });

  it('given a file that does not exist or no file, when imported, then a one-line reason and exit 2', async () => {
    const dir = tempDir();
    const missing = await cli('import', join(dir, 'nope.ndjson'), '--store', `sqlite:${join(dir, 't.db')}`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    expect((await cli('import', '--store', 'memory:')).code).toBe(2);
  });
});
