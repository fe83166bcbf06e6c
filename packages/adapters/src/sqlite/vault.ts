import type { AccessEntry, VaultBackend, VaultRecord } from '@banjian/core';
import { vaultRecordOf, vaultUpsertSql, vaultRowValues, type VaultRecordRow } from '../vault/record-row';
import { openSqliteDatabase } from './driver';

export interface SqliteVaultOptions {
  /** The vault's file: its own, or the event store's (the tables do not clash). */
  readonly path: string;
  /** @defaultValue 5000 */
  readonly busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vault_records (
  ref TEXT PRIMARY KEY, algorithm TEXT NOT NULL, fields TEXT NOT NULL, item_code TEXT NOT NULL,
  stored_at TEXT NOT NULL, retain_until TEXT NOT NULL,
  master_key_id TEXT, wrapped_key BLOB, sealed BLOB, erased_at TEXT, erasure_reason TEXT
);
CREATE TABLE IF NOT EXISTS vault_access_log (seq INTEGER PRIMARY KEY, ref TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS vault_access_log_ref ON vault_access_log (ref, seq);
CREATE TRIGGER IF NOT EXISTS vault_access_log_no_update BEFORE UPDATE ON vault_access_log
  BEGIN SELECT RAISE(ABORT, 'vault_access_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS vault_access_log_no_delete BEFORE DELETE ON vault_access_log
  BEGIN SELECT RAISE(ABORT, 'vault_access_log is append-only'); END;
`;

/**
 * The personal-data vault's SQLite backend. `secure_delete` zeroes the bytes an erasure frees and
 * the WAL is truncated after it, so a destroyed key does not linger in free pages or the WAL
 * (crypto-shredding must leave nothing to recover). The access log refuses UPDATE and DELETE.
 */
export const createSqliteVaultBackend = (options: SqliteVaultOptions): VaultBackend => {
  const db = openSqliteDatabase(options.path);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.exec(SCHEMA);
  const select = db.prepare<[string], VaultRecordRow>('SELECT * FROM vault_records WHERE ref = ?');
  const upsert = db.prepare(vaultUpsertSql('vault_records', () => '?'));
  const last = db.prepare<[], { entry: string }>('SELECT entry FROM vault_access_log ORDER BY seq DESC LIMIT 1');
  const append = db.prepare('INSERT INTO vault_access_log (seq, ref, entry) VALUES (?, ?, ?)');
  const commit = db.transaction((record: VaultRecord | undefined, chain: (previous: AccessEntry | undefined) => AccessEntry): AccessEntry => {
    const previousRow = last.get();
    const entry = chain(previousRow ? (JSON.parse(previousRow.entry) as AccessEntry) : undefined);
    if (record) upsert.run(...vaultRowValues(record));
    append.run(entry.seq, entry.ref, JSON.stringify(entry));
    return entry;
  });

  return {
    get: async (ref) => {
      const row = select.get(ref);
      return row ? vaultRecordOf(row) : undefined;
    },
    commit: async ({ record, chain }) => {
      const entry = commit.immediate(record, chain);
      if (record?.sealed === null) db.pragma('wal_checkpoint(TRUNCATE)');
      return entry;
    },
    heldRefs: async ({ retainUntilBefore, masterKeyIdNot }) =>
      (
        db
          .prepare<[string | null, string | null, string | null, string | null], { ref: string }>(
            `SELECT ref FROM vault_records WHERE sealed IS NOT NULL
               AND (? IS NULL OR retain_until <= ?) AND (? IS NULL OR master_key_id IS NOT ?) ORDER BY ref`,
          )
          .all(retainUntilBefore ?? null, retainUntilBefore ?? null, masterKeyIdNot ?? null, masterKeyIdNot ?? null)
      ).map((r) => r.ref),
    accessLog: async (ref) => {
      const rows =
        ref === undefined
          ? db.prepare<[], { entry: string }>('SELECT entry FROM vault_access_log ORDER BY seq').all()
          : db.prepare<[string], { entry: string }>('SELECT entry FROM vault_access_log WHERE ref = ? ORDER BY seq').all(ref);
      return rows.map((r) => JSON.parse(r.entry) as AccessEntry);
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
};
