import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { captureIo } from '../test-io';

const dir = mkdtempSync(join(tmpdir(), 'banjian-store-option-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each reading command with the arguments it needs besides --store. */
const READERS: readonly [name: string, args: readonly string[]][] = [
  ['report', ['--from', '2025-01-01', '--to', '2026-01-01']],
  ['trail', ['c1']],
  ['verify', []],
  ['watch', ['--at', '2025-06-16T10:00:00+08:00']],
  ['export', []],
];

describe('--store of a store that is not there', () => {
  it.each(READERS)('given a mistyped sqlite: path, when %s runs, then it exits 2 with one line naming the path and creates no file', async (name, args) => {
    const path = join(dir, `nope-${name}.db`);
    const io = captureIo();
    expect(await run([name, ...args, '--store', `sqlite:${path}`], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^banjian ${name}: .*no store at .*nope-${name}\\.db.*\\n$`));
    expect(io.err().split('\n')).toHaveLength(2);
    expect(io.out()).toBe('');
    expect(existsSync(path)).toBe(false);
  });

  it('given a new sqlite: path, when import runs, then it creates the store (import and demo are the commands that create)', async () => {
    const path = join(dir, 'created.db');
    const log = join(dir, 'empty.ndjson');
    writeFileSync(log, '');
    const io = captureIo();
    expect(await run(['import', log, '--store', `sqlite:${path}`], io)).toBe(0);
    expect(existsSync(path)).toBe(true);
  });
});

describe('--store with an unknown scheme', () => {
  it.each([...READERS, ['import', [join(dir, 'empty.ndjson')]], ['demo', ['--cases', '1']]] as const)(
    'given mysql://…, when %s runs, then it exits 2 with one line listing the known schemes',
    async (name, args) => {
      writeFileSync(join(dir, 'empty.ndjson'), '');
      const before = readdirSync(dir).length;
      const io = captureIo();
      expect(await run([name, ...args, '--store', 'mysql://localhost/halls'], io)).toBe(2);
      expect(io.err()).toMatch(new RegExp(`^banjian ${name}: unknown store URL "mysql://localhost/halls" \\(use sqlite:<path>.*\\)\\n$`));
      expect(readdirSync(dir).length).toBe(before);
    },
  );
});
