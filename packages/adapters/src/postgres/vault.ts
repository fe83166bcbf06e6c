import type { AccessEntry, VaultBackend } from '@banjian/core';
import type pg from 'pg';
import { createPool } from './connection';
import { vaultRecordOf, vaultUpsertSql, vaultRowValues, type VaultRecordRow } from '../vault/record-row';
import { checkSchemaName, DEFAULT_SCHEMA } from './schema-name';

export interface PostgresVaultOptions {
  readonly connectionString: string;
  /** The schema of the vault's tables (created if missing). @defaultValue 'banjian' */
  readonly schema?: string;
  /** @defaultValue 4 */
  readonly maxConnections?: number;
}

// One implicit transaction, serialised by the advisory lock: processes opening the vault at once
// would otherwise race to create the same schema (IF NOT EXISTS is not safe against that).
const schemaSql = (s: string) => `
SELECT pg_advisory_xact_lock(hashtext('${s}.vault'));
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.vault_records (
  ref text PRIMARY KEY, algorithm text NOT NULL, fields jsonb NOT NULL, item_code text NOT NULL,
  stored_at text NOT NULL, retain_until text NOT NULL,
  master_key_id text, wrapped_key bytea, sealed bytea, erased_at text, erasure_reason text
);
CREATE TABLE IF NOT EXISTS ${s}.vault_access_log (seq bigint PRIMARY KEY, ref text NOT NULL, entry jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS vault_access_log_ref ON ${s}.vault_access_log (ref, seq);
CREATE OR REPLACE FUNCTION ${s}.vault_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'vault_access_log is append-only'; END $$;
DROP TRIGGER IF EXISTS vault_access_log_append_only ON ${s}.vault_access_log;
CREATE TRIGGER vault_access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${s}.vault_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.vault_access_log_append_only();
`;

/**
 * The personal-data vault's PostgreSQL backend: a record change and its access-log line commit in
 * one transaction; appends to the log are serialised by a table lock, so the chain has one order.
 * The access log refuses UPDATE, DELETE and TRUNCATE. An erased row's old version stays on disk
 * until VACUUM reclaims it; its wrapped key still needs the master key (see docs/people.md).
 */
export const createPostgresVaultBackend = async (options: PostgresVaultOptions): Promise<VaultBackend> => {
  const s = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
  const pool = createPool(options.connectionString, { max: options.maxConnections ?? 4 });
  await pool.query(schemaSql(s));
  let closing: Promise<void> | undefined;

  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    get: async (ref) => {
      const { rows } = await pool.query<VaultRecordRow>(`SELECT * FROM ${s}.vault_records WHERE ref = $1`, [ref]);
      return rows[0] ? vaultRecordOf(rows[0]) : undefined;
    },
    commit: ({ record, chain }) =>
      transaction(async (client) => {
        await client.query(`LOCK TABLE ${s}.vault_access_log IN SHARE ROW EXCLUSIVE MODE`);
        const { rows } = await client.query<{ entry: AccessEntry }>(`SELECT entry FROM ${s}.vault_access_log ORDER BY seq DESC LIMIT 1`);
        const entry = chain(rows[0]?.entry);
        if (record) {
          await client.query(vaultUpsertSql(`${s}.vault_records`, (i) => `$${i}`), vaultRowValues(record));
        }
        await client.query(`INSERT INTO ${s}.vault_access_log (seq, ref, entry) VALUES ($1, $2, $3)`, [entry.seq, entry.ref, JSON.stringify(entry)]);
        return entry;
      }),
    heldRefs: async ({ retainUntilBefore, masterKeyIdNot }) => {
      const { rows } = await pool.query<{ ref: string }>(
        `SELECT ref FROM ${s}.vault_records WHERE sealed IS NOT NULL
           AND ($1::text IS NULL OR retain_until <= $1) AND ($2::text IS NULL OR master_key_id IS DISTINCT FROM $2) ORDER BY ref`,
        [retainUntilBefore ?? null, masterKeyIdNot ?? null],
      );
      return rows.map((r) => r.ref);
    },
    accessLog: async (ref) => {
      const { rows } =
        ref === undefined
          ? await pool.query<{ entry: AccessEntry }>(`SELECT entry FROM ${s}.vault_access_log ORDER BY seq`)
          : await pool.query<{ entry: AccessEntry }>(`SELECT entry FROM ${s}.vault_access_log WHERE ref = $1 ORDER BY seq`, [ref]);
      return rows.map((r) => r.entry);
    },
    close: () => (closing ??= pool.end()),
  };
};
