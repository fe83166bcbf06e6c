import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFolders } from './cli-run.fixture';

const folder = tempFolders('banjian-line-limits-');

describe('banjian import and verify: line length', () => {
  it('given a line longer than --max-line-bytes, when imported, then exit 2 with the file and line number, nothing imported', async () => {
    const dir = folder();
    const file = join(dir, 'log.ndjson');
    writeFileSync(file, `\n${'x'.repeat(500)}\n`);
    const store = `sqlite:${join(dir, 'target.db')}`;
    const { code, err } = await cli('import', file, '--store', store, '--max-line-bytes', '100');
    expect(code).toBe(2);
    expect(err).toBe(`banjian import: ${file}:2: (line): longer than 100 bytes, the line limit\n`);
    expect((await cli('import', file, '--store', store, '--max-line-bytes', 'lots')).err).toMatch(/--max-line-bytes must be a whole number/);
  });

  it('given an exported file with a line over the default cap, when verified, then exit 2 with the line number', async () => {
    const dir = folder();
    const file = join(dir, 'log.ndjson');
    writeFileSync(file, `${'y'.repeat(2 * 1024 * 1024)}\n`);
    const { code, err } = await cli('verify', '--store', `file:${file}`);
    expect(code).toBe(2);
    expect(err).toBe('banjian verify: line 1: (line): longer than 1048576 bytes, the line limit\n');
  });
});
