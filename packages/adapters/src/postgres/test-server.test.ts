import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { postgresReachable, postgresTestFiles } from './test-server';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
/** A port nothing listens on: one the system gave out and took back. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const vitest = (env: Record<string, string | undefined>) =>
  promisify(execFile)(process.execPath, [VITEST, 'run', 'no-such-test-file', '--passWithNoTests'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );

describe('the PostgreSQL test server check', () => {
  it('given a port that listens and one that does not, then reachable says so', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(await postgresReachable(`postgres://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/test`)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await postgresReachable(`postgres://postgres@127.0.0.1:${await closedPort()}/test`)).toBe(false);
  });

  it('given test files, then those importing the PostgreSQL test support or reading the server URL from the environment need the server', () => {
    const base = mkdtempSync(join(tmpdir(), 'banjian-pg-files-'));
    try {
      mkdirSync(join(base, 'pkg', 'postgres'), { recursive: true });
      mkdirSync(join(base, 'pkg', 'cli'), { recursive: true });
      writeFileSync(join(base, 'pkg', 'postgres', 'a.test.ts'), "import { PG_URL } from './test-support';\n");
      writeFileSync(join(base, 'pkg', 'postgres', 'unit.test.ts'), "import type pg from 'pg';\n");
      // (written in two parts so that this file itself is not taken for one that needs the server)
      writeFileSync(join(base, 'pkg', 'cli', 'b.test.ts'), `const url = ${['process.env', 'BANJIAN_PG_URL'].join('.')} ?? "";\n`);
      writeFileSync(join(base, 'pkg', 'cli', 'c.test.ts'), "import { openStore } from '@banjian/adapters';\n");
      writeFileSync(join(base, 'pkg', 'postgres', 'test-support.ts'), 'export {};\n');
      expect(postgresTestFiles(base, ['pkg'])).toEqual([join('pkg', 'cli', 'b.test.ts'), join('pkg', 'postgres', 'a.test.ts')]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('given no server, when the suite runs on a developer machine, then each PostgreSQL file is skipped with one line; under CI=true the run fails in one line', async () => {
    const down = `postgres://postgres@127.0.0.1:${await closedPort()}/test`;
    const developer = await vitest({ BANJIAN_PG_URL: down, CI: '' });
    expect(developer.code).toBe(0);
    const skipped = developer.stderr.split('\n').filter((line) => line.startsWith('skipped '));
    expect(skipped).toContain(`skipped packages/adapters/src/postgres/guards.test.ts: no PostgreSQL at ${down} (start one, or set BANJIAN_PG_URL)`);
    expect(developer.stderr).not.toMatch(/ECONNREFUSED|\n\s+at /);

    const ci = await vitest({ BANJIAN_PG_URL: down, CI: 'true' });
    expect(ci.code).toBe(1);
    expect(ci.stderr.trim()).toBe(`PostgreSQL is not reachable at ${down}, and CI=true: the PostgreSQL tests must run (start the server or set BANJIAN_PG_URL)`);
  });
});
