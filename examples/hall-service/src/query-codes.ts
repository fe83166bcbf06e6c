import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { openRawSqlite } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';

/** A query code 查询码 as stored: a salted scrypt hash of it, never the code. */
export interface QueryCodeHash {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** Where the hashes live: beside the log, never in it (a code is a secret, the log is for ever). */
export interface QueryCodeStore {
  /** Sets (or replaces, when the hall issues a new code) the hash of a case's code. */
  put(caseId: string, value: QueryCodeHash): Promise<void>;
  get(caseId: string): Promise<QueryCodeHash | undefined>;
  close(): Promise<void>;
}

/** Ambiguous characters (0/O, 1/I/L) left out: an applicant reads the code off a receipt. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 31^8 ≈ 8.5 · 10^11 codes; with a few guesses a minute per client, guessing is out of reach. */
const CODE_LENGTH = 8;
/** scrypt cost: ~30 ms a check, so a stolen table cannot be searched quickly. */
const SCRYPT: ScryptOptions = { N: 1 << 14, r: 8, p: 1 };
const KEY_LENGTH = 32;

const scrypt = (code: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(code.normalize('NFKC').toUpperCase(), salt, KEY_LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))));

export const newQueryCode = (): string => Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export const hashQueryCode = async (code: string): Promise<QueryCodeHash> => {
  const salt = randomBytes(16);
  return { salt, hash: await scrypt(code, salt) };
};

/** Hash of no code: checked against when a case is unknown, so both answers cost the same. */
const NOTHING: QueryCodeHash = { salt: randomBytes(16), hash: randomBytes(KEY_LENGTH) };

/** Whether `code` is the case's; an unknown case costs one scrypt too and answers false. */
export const queryCodeMatches = async (stored: QueryCodeHash | undefined, code: string): Promise<boolean> => {
  const target = stored ?? NOTHING;
  const key = await scrypt(code, target.salt);
  return timingSafeEqual(key, target.hash) && stored !== undefined;
};

export const createMemoryQueryCodes = (): QueryCodeStore => {
  const rows = new Map<string, QueryCodeHash>();
  return {
    put: async (caseId, value) => void rows.set(caseId, value),
    get: async (caseId) => rows.get(caseId),
    close: async () => {},
  };
};

/** Hashes in a SQLite file of the service's own (not the event store: the log is append-only and for ever). */
export const createSqliteQueryCodes = (path: string): QueryCodeStore => {
  const db = openRawSqlite(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS query_codes (case_id TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL)');
  const upsert = db.prepare('INSERT INTO query_codes (case_id, salt, hash) VALUES (?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash');
  const select = db.prepare<[string], { salt: Buffer; hash: Buffer }>('SELECT salt, hash FROM query_codes WHERE case_id = ?');
  return {
    put: async (caseId, { salt, hash }) => void upsert.run(caseId, salt, hash),
    get: async (caseId) => select.get(caseId),
    close: async () => void db.close(),
  };
};

/**
 * Hashes in a table of a database several service processes share (a `postgres://` private
 * schema): a code handed out by one process is checked by any other. Salt and hash as hex text.
 */
export const createSqlQueryCodes = (db: SqlDatabase): QueryCodeStore => {
  const table = db.table('query_codes');
  let created: Promise<unknown> | undefined;
  const ready = () =>
    (created ??= db.transaction(async (tx) => {
      // Two processes starting at once must not race to create one table (PostgreSQL's catalog is not IF NOT EXISTS-safe).
      if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [table]);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${table} (case_id text PRIMARY KEY, salt text NOT NULL, hash text NOT NULL)`);
    }));
  return {
    put: async (caseId, { salt, hash }) => {
      await ready();
      await db.query(`INSERT INTO ${table} (case_id, salt, hash) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash`, [caseId, salt.toString('hex'), hash.toString('hex')]);
    },
    get: async (caseId) => {
      await ready();
      const [row] = await db.query<{ salt: string; hash: string }>(`SELECT salt, hash FROM ${table} WHERE case_id = $1`, [caseId]);
      return row ? { salt: Buffer.from(row.salt, 'hex'), hash: Buffer.from(row.hash, 'hex') } : undefined;
    },
    close: () => db.close(),
  };
};
