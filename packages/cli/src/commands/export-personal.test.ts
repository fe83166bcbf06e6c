import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, createSqliteVaultBackend } from '@banjian/adapters';
import { caseOpening } from '@banjian/adapters/contract';
import { createLocalMasterKeys, createVault, parseMasterKeyFile } from '@banjian/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli as cli } from '../test-io';

const PERSON = { name: '张三', idNumber: '110101199003077777' };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A log of two cases; the vault holds the first applicant's data and has erased the second's. */
const setUp = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-export-personal-'));
  dirs.push(dir);
  const store = createSqliteEventStore({ path: join(dir, 'hall.db') });
  await store.appendToStream('case-c-1', caseOpening('c-1'));
  await store.appendToStream('case-c-2', caseOpening('c-2'));
  await store.close();
  const keyFile = join(dir, 'vault.key');
  writeFileSync(keyFile, `k1 ${randomBytes(32).toString('hex')}\n`);
  const vault = createVault({
    backend: createSqliteVaultBackend({ path: join(dir, 'private.db') }),
    keys: createLocalMasterKeys(parseMasterKeyFile(readFileSync(keyFile, 'utf8'))),
    retention: { default: { years: 3 } },
  });
  const clerk = { actor: { kind: 'staff' as const, id: 's-1' }, purpose: '收件' };
  await vault.store('applicant-c-1', PERSON, { itemCode: 'item-001', access: clerk });
  await vault.store('applicant-c-2', { name: '李四' }, { itemCode: 'item-001', access: clerk });
  await vault.erase('applicant-c-2', { reason: 'erasureRequest', access: clerk });
  await vault.close();
  return { dir, store: `sqlite:${join(dir, 'hall.db')}`, vault: `sqlite:${join(dir, 'private.db')}`, keyFile };
};

describe('banjian export and personal data', () => {
  it('given a vault beside the log, when exported plainly, then no personal field is in the export', async () => {
    const { store } = await setUp();
    const plain = await cli('export', '--store', store);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('applicant-c-1');
    for (const value of Object.values(PERSON)) expect(plain.out).not.toContain(value);
  });

  it('given --personal-data with the key and a purpose, then the data goes to its own owner-only file, erased people marked, and each read is logged', async () => {
    const { dir, store, vault, keyFile } = await setUp();
    const file = join(dir, 'people.ndjson');
    const result = await cli('export', '--store', store, '--out', join(dir, 'log.ndjson'), '--personal-data', file, '--vault', vault, '--vault-key', keyFile, '--purpose', '移交档案馆');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'log.ndjson'), 'utf8')).not.toContain(PERSON.idNumber);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { ref: 'applicant-c-1', caseIds: ['c-1'], data: PERSON },
      { ref: 'applicant-c-2', caseIds: ['c-2'], state: 'erased', erasedAt: expect.any(String) },
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const backend = createSqliteVaultBackend({ path: vault.slice('sqlite:'.length) });
    const log = await backend.accessLog();
    await backend.close();
    expect(log.filter((e) => e.actor.id === 'banjian-export').map((e) => [e.ref, e.purpose, e.outcome])).toEqual([
      ['applicant-c-1', '移交档案馆', 'ok'],
      ['applicant-c-2', '移交档案馆', 'erased'],
    ]);
  });

  it('given --personal-data without the key or a purpose, or a wrong key, then exit 2 and no file', async () => {
    const { dir, store, vault, keyFile } = await setUp();
    const file = join(dir, 'people.ndjson');
    expect((await cli('export', '--store', store, '--personal-data', file, '--vault', vault, '--vault-key', keyFile)).code).toBe(2);
    expect((await cli('export', '--store', store, '--vault', vault)).code).toBe(2);
    const wrong = join(dir, 'wrong.key');
    writeFileSync(wrong, `k1 ${randomBytes(32).toString('hex')}\n`);
    const refused = await cli('export', '--store', store, '--personal-data', file, '--vault', vault, '--vault-key', wrong, '--purpose', 'x');
    expect(refused.code).toBe(2);
    expect(() => statSync(file)).toThrow();
  });
});
