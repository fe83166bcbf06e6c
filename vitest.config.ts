import { configDefaults, defineConfig } from 'vitest/config';
import { PG_URL, postgresReachable, postgresTestFiles } from './packages/adapters/src/postgres/test-server';

/**
 * Without a PostgreSQL server a developer's run skips the files that need one, saying so in one line
 * each (no stack traces); under CI (CI=true) a missing server fails the run instead: never skipped silently.
 */
const postgresSkips = async (): Promise<string[]> => {
  if (await postgresReachable(PG_URL)) return [];
  if (process.env.CI === 'true') {
    process.stderr.write(`PostgreSQL is not reachable at ${PG_URL}, and CI=true: the PostgreSQL tests must run (start the server or set BANJIAN_PG_URL)\n`);
    process.exit(1);
  }
  const files = postgresTestFiles(import.meta.dirname, ['packages', 'examples']);
  for (const file of files) process.stderr.write(`skipped ${file}: no PostgreSQL at ${PG_URL} (start one, or set BANJIAN_PG_URL)\n`);
  return files;
};

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(await postgresSkips())],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The JSON report is what .ci/run counts ("tests: N passed, N failed").
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
