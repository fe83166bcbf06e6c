import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describeVaultBackendContract } from '../contract/vault-contract';
import { tempDir } from './test-support';
import { createSqliteVaultBackend } from './vault';

const outcome = (work: () => unknown): 'refused' | 'done' => {
  try {
    work();
    return 'done';
  } catch {
    return 'refused';
  }
};

describeVaultBackendContract('sqlite', async () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'vault.db');
  const raw = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    open: async () => createSqliteVaultBackend({ path }),
    tamperCiphertext: async (ref) =>
      raw((db) => {
        const { sealed } = db.prepare<[string], { sealed: Buffer }>('SELECT sealed FROM vault_records WHERE ref = ?').get(ref)!;
        sealed[sealed.length - 1]! ^= 1;
        db.prepare('UPDATE vault_records SET sealed = ? WHERE ref = ?').run(sealed, ref);
      }),
    rewriteAccessLog: async () =>
      raw((db) => ({
        update: outcome(() => db.prepare("UPDATE vault_access_log SET entry = '{}' WHERE seq = 1").run()),
        remove: outcome(() => db.prepare('DELETE FROM vault_access_log WHERE seq = 1').run()),
      })),
    cleanup: async () => cleanup(),
  };
});
