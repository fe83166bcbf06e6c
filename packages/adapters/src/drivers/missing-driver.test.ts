import { describe, expect, it } from 'vitest';
import { missingSqliteBinding } from '../sqlite/driver';
import { MissingDriverError } from './missing-driver';
import { requireDriver } from './require-driver';

describe('optional store drivers', () => {
  it('given a driver package that is not installed, when it is loaded, then MissingDriverError names the package in one line', () => {
    let error: unknown;
    try {
      requireDriver('banjian-no-such-driver', 'test:');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingDriverError);
    expect(error).toMatchObject({ kind: 'missingDriver', driver: 'banjian-no-such-driver' });
    expect((error as Error).message).toContain('npm install banjian-no-such-driver');
    expect((error as Error).message).not.toContain('\n');
  });

  it('given an installed driver, when it is loaded twice, then it is the same module', () => {
    expect(requireDriver('pg', 'postgres://')).toBe(requireDriver('pg', 'postgres://'));
  });

  it("given better-sqlite3 without its native binding (pnpm 10 skipped its build), when a store opens, then the error points at approve-builds", () => {
    const unbuilt = new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node');
    const error = missingSqliteBinding(unbuilt);
    expect(error).toMatchObject({ kind: 'missingDriver', driver: 'better-sqlite3' });
    expect(error?.message).toContain('pnpm approve-builds');
    expect(error?.message).not.toContain('\n');
    const otherNode = Object.assign(new Error('was compiled against a different Node.js version'), { code: 'ERR_DLOPEN_FAILED' });
    expect(missingSqliteBinding(otherNode)?.message).toContain('npm rebuild better-sqlite3');
    expect(missingSqliteBinding(new Error('SQLITE_CANTOPEN'))).toBeUndefined();
  });

  it('given the EventStoreDB scheme, when @banjian/adapters is imported, then its client is not loaded until an esdb:// URL is opened', async () => {
    await import('../index');
    const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache);
    expect(loaded.some((path) => path.includes('@eventstore/db-client') || path.includes('@grpc'))).toBe(false);
  });
});
