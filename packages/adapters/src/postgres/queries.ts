import pg from 'pg';
import { EVENT_COLUMNS, RAW_COLUMNS } from '../sqlite/rows';
import { APPENDING_LOCK_CLASS } from './migrations';

/** Global positions are `bigint`; below 2^53 they are read as numbers (pg returns strings by default). */
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Rows a reader may hand out: those of transactions older than every append still in flight, so
 * what it sees is a prefix of the log that nothing will be inserted into (transaction ids are taken
 * in global-position order, see migrations.ts).
 *
 * The bound is the oldest id in the statement's snapshot that may still belong to an append: one
 * that holds the store's appending lock, or that ended after the snapshot was taken (it may have
 * been an append). Running transactions of other work do not hold readers back; appends that take
 * an id after the snapshot are above its xmax. pg_locks is read once (MATERIALIZED), so holders
 * and running ids are one consistent view; it keeps 32-bit ids, compared modulo 2^32.
 */
const settledBelow = (schema: string): string => `(
  WITH locks AS MATERIALIZED (
    SELECT locktype, virtualtransaction, transactionid FROM pg_catalog.pg_locks
     WHERE granted AND ((locktype = 'transactionid' AND mode = 'ExclusiveLock')
        OR (locktype = 'advisory' AND classid = ${APPENDING_LOCK_CLASS} AND objid = (hashtext('${schema}')::bigint & 4294967295)::oid AND objsubid = 2))
  ), other_work AS (
    SELECT transactionid::text::bigint AS xid32 FROM locks
     WHERE locktype = 'transactionid' AND virtualtransaction NOT IN (SELECT virtualtransaction FROM locks WHERE locktype = 'advisory')
  )
  SELECT least(pg_snapshot_xmax(pg_current_snapshot()), (
    SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
     WHERE (x::text::numeric % 4294967296)::bigint NOT IN (SELECT xid32 FROM other_work)))
)`;

/**
 * The store's statements for one schema, as named queries: each connection parses and plans each
 * once. Names carry the schema, so stores over different schemas can share a pool.
 */
export const createQueries = (schema: string) => {
  const named = (name: string, text: string) => (values: unknown[]): pg.QueryArrayConfig => ({
    name: `banjian_${schema}_${name}`,
    text,
    values,
    rowMode: 'array',
    types,
  });
  const events = `${schema}.events`;
  const SETTLED = `transaction_id < ${settledBelow(schema)}`;
  return {
    append: named(
      'append',
      `SELECT refusals, last_position FROM ${schema}.append_events($1::integer[], $2::text[], $3::integer[], $4::integer[], $5::text[], $6::integer[], $7::integer[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean)`,
    ),
    streamHead: named(
      'stream_head',
      `SELECT stream_position, hash, canonical::json->>'occurredAt' FROM ${events} WHERE stream_id = $1 ORDER BY stream_position DESC LIMIT 1`,
    ),
    readStream: named(
      'read_stream',
      `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position LIMIT $3`,
    ),
    settledHead: named('settled_head', `SELECT coalesce(max(global_position), 0) FROM ${events} WHERE ${SETTLED}`),
    lastGlobal: named('last_global', `SELECT coalesce(max(global_position), 0) FROM ${events}`),
    readSettled: named(
      'read_settled',
      `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE global_position > $1 AND ${SETTLED} ORDER BY global_position LIMIT $2`,
    ),
    readSettledOfTypes: named(
      'read_settled_types',
      `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE global_position > $1 AND ${SETTLED} AND type = ANY($3::text[]) ORDER BY global_position LIMIT $2`,
    ),
    readRange: named(
      'read_range',
      `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE global_position > $1 AND global_position <= $2 ORDER BY global_position LIMIT $3`,
    ),
    readRangeOfTypes: named(
      'read_range_types',
      `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE global_position > $1 AND global_position <= $2 AND type = ANY($4::text[]) ORDER BY global_position LIMIT $3`,
    ),
    readRawRange: named(
      'read_raw_range',
      `SELECT ${RAW_COLUMNS} FROM ${events} WHERE global_position > $1 AND global_position <= $2 ORDER BY global_position LIMIT $3`,
    ),
    hashAlgorithm: named('hash_algorithm', `SELECT value FROM ${schema}.store_meta WHERE key = 'hash_algorithm'`),
    claimHashAlgorithm: named(
      'claim_hash_algorithm',
      `INSERT INTO ${schema}.store_meta (key, value) VALUES ('hash_algorithm', $1) ON CONFLICT (key) DO NOTHING`,
    ),
  };
};

export type Queries = ReturnType<typeof createQueries>;
