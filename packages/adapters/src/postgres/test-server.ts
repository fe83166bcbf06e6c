import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';

/** The server the PostgreSQL tests run against: BANJIAN_PG_URL, else the local one (trust auth, database `test`). */
export const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether something accepts connections at the URL's host and port (one TCP connect, bounded). */
export const postgresReachable = (url: string = PG_URL, timeoutMs = 1_500): Promise<boolean> => {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(port || 5432) });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
};

/** A test file needs the server when it imports the PostgreSQL test support or reads BANJIAN_PG_URL. */
const NEEDS_POSTGRES = /postgres\/test-support|process\.env\.BANJIAN_PG_URL/;
const IMPORTS_SIBLING_SUPPORT = /from '\.\/test-support'/;

const testFiles = (dir: string): string[] => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.name === 'node_modules' || e.name === 'dist' ? [] : e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
};

/** The test files under `roots` that need PostgreSQL, relative to `base`. */
export const postgresTestFiles = (base: string, roots: readonly string[]): string[] =>
  roots
    .flatMap((root) => testFiles(join(base, root)))
    .filter((file) => {
      const text = readFileSync(file, 'utf8');
      return NEEDS_POSTGRES.test(text) || (file.includes(`${join('postgres', '')}`) && IMPORTS_SIBLING_SUPPORT.test(text));
    })
    .map((file) => relative(base, file))
    .sort();
