import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from './commands/index';
import { run } from './main';
import { captureIo } from './test-io';

describe('banjian main', () => {
  it('given no command, then a one-line reason on stderr and exit 2', async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(2);
    expect(io.err()).toBe('banjian: no command given (try: banjian help)\n');
  });

  it('given an unknown command, then it names it and the known ones, exit 2', async () => {
    const io = captureIo();
    expect(await run(['frobnicate'], io)).toBe(2);
    expect(io.err()).toMatch(/^banjian: unknown command "frobnicate" \(known: due.*\)\n$/);
  });

  it('given help, then the registry is listed on stdout, exit 0', async () => {
    const io = captureIo();
    expect(await run(['help'], io)).toBe(0);
    for (const c of commands) expect(io.out()).toContain(c.name);
  });

  it('given a command with --help, then its usage, exit 0', async () => {
    const io = captureIo();
    expect(await run(['due', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^usage: banjian due --start/);
  });

  it('given the bin launcher from another directory, then it runs the command', () => {
    const bin = fileURLToPath(new URL('../bin/banjian.js', import.meta.url));
    const out = execFileSync(process.execPath, [bin, 'due', '--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--json'], { cwd: '/', encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ dueAt: '2024-10-10T17:30:00+08:00', provisional: false });
  });
});
