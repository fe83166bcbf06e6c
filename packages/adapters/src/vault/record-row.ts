import type { VaultRecord } from '@banjian/core';

/** A vault record as the SQL backends store it (snake_case columns); `fields` is JSON text in SQLite, jsonb in PostgreSQL. */
export interface VaultRecordRow {
  ref: string;
  algorithm: string;
  fields: string | string[];
  item_code: string;
  stored_at: string;
  retain_until: string;
  master_key_id: string | null;
  wrapped_key: Buffer | null;
  sealed: Buffer | null;
  erased_at: string | null;
  erasure_reason: string | null;
}

export const vaultRecordOf = (row: VaultRecordRow): VaultRecord => ({
  ref: row.ref,
  algorithm: row.algorithm as VaultRecord['algorithm'],
  fields: typeof row.fields === 'string' ? (JSON.parse(row.fields) as string[]) : row.fields,
  itemCode: row.item_code,
  storedAt: row.stored_at,
  retainUntil: row.retain_until,
  masterKeyId: row.master_key_id,
  wrappedKey: row.wrapped_key,
  sealed: row.sealed,
  erasedAt: row.erased_at,
  erasureReason: row.erasure_reason,
});

/** The row values of a record, in column order (`fields` as JSON text, which jsonb accepts too). */
export const vaultRowValues = (record: VaultRecord): unknown[] => [
  record.ref, record.algorithm, JSON.stringify(record.fields), record.itemCode, record.storedAt, record.retainUntil,
  record.masterKeyId, record.wrappedKey, record.sealed, record.erasedAt, record.erasureReason,
];

/** The columns of `vault_records`, in `vaultRowValues` order. */
const VAULT_COLUMNS = ['ref', 'algorithm', 'fields', 'item_code', 'stored_at', 'retain_until', 'master_key_id', 'wrapped_key', 'sealed', 'erased_at', 'erasure_reason'] as const;

/** The upsert of one record into `table`, with the driver's placeholders (`?` or `$n`) in `vaultRowValues` order. */
export const vaultUpsertSql = (table: string, placeholder: (index: number) => string): string =>
  `INSERT INTO ${table} (${VAULT_COLUMNS.join(', ')}) VALUES (${VAULT_COLUMNS.map((_, i) => placeholder(i + 1)).join(', ')})
   ON CONFLICT (ref) DO UPDATE SET ${VAULT_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;
