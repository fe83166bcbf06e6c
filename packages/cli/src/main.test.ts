import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consultations } from '@banjian/adapters/contract';
import { createInMemoryEventStore, exportEventLog } from '@banjian/core';
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
    expect(io.err()).toMatch(/^banjian: unknown command "frobnicate" \(known: audit, .*due.*\)\n$/);
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

  it.each(commands.map((c) => c.name))('given help %s, then that command\'s usage, as with --help, exit 0', async (name) => {
    const [viaHelp, viaFlag] = [captureIo(), captureIo()];
    expect(await run(['help', name], viaHelp)).toBe(0);
    expect(await run([name, '--help'], viaFlag)).toBe(0);
    expect(viaHelp.out()).toMatch(new RegExp(`^usage: banjian ${name}`));
    expect(viaHelp.out()).toBe(viaFlag.out());
  });

  it('given help of an unknown command, then a one-line reason, exit 2', async () => {
    const io = captureIo();
    expect(await run(['help', 'reprot'], io)).toBe(2);
    expect(io.err()).toMatch(/^banjian help: unknown command "reprot" \(known: .*\)\n$/);
  });

  it('given export piped into a reader that stops early (| head), then it ends quietly: exit 0, nothing on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-epipe-'));
    try {
      // Far more than a pipe buffer (64 KiB), so the reader is gone while export still writes.
      const store = createInMemoryEventStore();
      for (let i = 0; i < 40; i++) await store.appendToStream(`consultation-${i}`, consultations(0, 50));
      const lines: string[] = [];
      for await (const line of exportEventLog(store)) lines.push(line);
      const log = join(dir, 'log.ndjson');
      writeFileSync(log, `${lines.join('\n')}\n`);

      const bin = fileURLToPath(new URL('../bin/banjian.js', import.meta.url));
      const child = spawn(process.execPath, [bin, 'export', '--store', `file:${log}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const firstChunk = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString('utf8'))));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(firstChunk.startsWith('{')).toBe(true);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given pnpm banjian … --json at the repository root, then standard output is the JSON alone (no pnpm banner), so > file is clean', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = execFileSync('pnpm', ['banjian', 'due', '--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--json'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ dueAt: '2024-10-10T17:30:00+08:00' });
    expect(out.startsWith('{')).toBe(true);
  });

  it('given the bin launcher from another directory, then it runs the command', () => {
    const bin = fileURLToPath(new URL('../bin/banjian.js', import.meta.url));
    const out = execFileSync(process.execPath, [bin, 'due', '--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--json'], { cwd: '/', encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ dueAt: '2024-10-10T17:30:00+08:00', provisional: false });
  });
});
