import type pg from 'pg';
import { requireDriver } from '../drivers/index';
import { EVENT_COLUMNS, POSTGRES_RAW_COLUMNS } from '../sqlite/rows';

/** Global positions are `bigint`; below 2^53 they are read as numbers (pg returns strings by default). */
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? Number : requireDriver<typeof pg>('pg', 'postgres://').types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

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
  /**
   * The first `$3` events after `$1` (and `filter`), of those the ones up to `$2`: the same rows as
   * `$1 < position <= $2 ORDER BY position LIMIT $3`, but the upper bound is outside the ordered
   * scan, so the plan walks the primary key and stops after `$3` rows. With both bounds inside, a
   * log not yet analyzed (a fresh import: the planner guesses a few hundred rows in the range)
   * was read by a bitmap scan of everything up to `$2` and a sort, each page: ~70 ms a page of
   * 1,000 instead of ~1 ms, and quadratic in the log.
   */
  const page = (columns: string, filter: string) =>
    `SELECT * FROM (SELECT ${columns} FROM ${events} WHERE global_position > $1 ${filter} ORDER BY global_position LIMIT $3) AS page WHERE global_position <= $2 ORDER BY global_position`;
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
    // An append whose answer was lost: were its events stored? (the unique index on event_id answers)
    readEventIds: named('read_event_ids', `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE event_id = ANY($1::text[]) ORDER BY global_position`),
    // What readers may see: everything up to it is final (migrations.ts, settled_head).
    settledHead: named('settled_head', `SELECT ${schema}.settled_head()`),
    lastGlobal: named('last_global', `SELECT coalesce(max(global_position), 0) FROM ${events}`),
    readRange: named('read_range', page(EVENT_COLUMNS, '')),
    readRangeOfTypes: named('read_range_types', page(EVENT_COLUMNS, 'AND type = ANY($4::text[])')),
    readRawRange: named('read_raw_range', page(POSTGRES_RAW_COLUMNS, '')),
    hashAlgorithm: named('hash_algorithm', `SELECT value FROM ${schema}.store_meta WHERE key = 'hash_algorithm'`),
    claimHashAlgorithm: named(
      'claim_hash_algorithm',
      `INSERT INTO ${schema}.store_meta (key, value) VALUES ('hash_algorithm', $1) ON CONFLICT (key) DO NOTHING`,
    ),
  };
};

export type Queries = ReturnType<typeof createQueries>;
