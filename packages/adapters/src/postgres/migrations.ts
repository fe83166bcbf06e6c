import { GENESIS_HASH } from '@banjian/core';
import type pg from 'pg';
import { SchemaVersionError } from '../sqlite/schema';
import { notifyChannel } from './schema-name';

/**
 * The schema of a banjian PostgreSQL store, as numbered migrations applied in order on open, one
 * set per PostgreSQL schema (so tests and tenants isolate). `events` keeps the exact canonical
 * text that was hashed; triggers make it append-only (spec §6).
 */
export interface PostgresMigration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

/** SQLSTATEs raised by the store's own functions and triggers (class `BJ` is ours). */
export const SQLSTATE = {
  /** Refusal of a unit: the stream is not at the expected version (`BJ001 <stream index> <actual version>`). */
  concurrency: 'BJ001',
  /** Refusal of a unit: the writer sealed it on a stale head of the stream (same form). */
  staleHead: 'BJ002',
  /** UPDATE, DELETE or TRUNCATE on stored events. */
  appendOnly: 'BJ003',
  uniqueViolation: '23505',
} as const;

/** Expected versions as the append function takes them: a stream position, or one of these. */
export const EXPECTED_CODE = { noStream: -1, streamExists: -2, any: -3 } as const;

/** First key of the store's advisory locks ('banj'); the second is `hashtext(schema)`. */
const LOCK_CLASS = 0x62616e6a;
/**
 * First key of the lock every appending transaction holds, shared, from before it takes its
 * transaction id until it ends: readers tell the store's own transactions in flight from others.
 */
const APPENDING_LOCK_CLASS = LOCK_CLASS + 2;

/** The append functions' look-up of stream i's head: its version (−1: none) and last hash. */
const readStreamHead = (s: string): string => `      SELECT stream_position, hash INTO v_version, v_hash FROM ${s}.events
        WHERE stream_id = p_streams[i] ORDER BY stream_position DESC LIMIT 1;
      IF NOT FOUND THEN
        v_version := -1;
        v_hash := '${GENESIS_HASH}';
      END IF;`;

const version1 = (s: string): string => `
  CREATE TABLE ${s}.store_meta (key text PRIMARY KEY, value text NOT NULL);

  -- CACHE 1 (the default) matters: positions must be taken in the order of the lock below.
  CREATE SEQUENCE ${s}.global_position AS bigint CACHE 1;

  CREATE TABLE ${s}.events (
    global_position bigint  PRIMARY KEY,
    stream_id       text    NOT NULL,
    stream_position integer NOT NULL,
    event_id        text    NOT NULL,
    type            text    NOT NULL,
    canonical       text    NOT NULL,
    prev_hash       text    NOT NULL,
    hash            text    NOT NULL,
    transaction_id  xid8    NOT NULL,
    CONSTRAINT events_stream_position_key UNIQUE (stream_id, stream_position),
    CONSTRAINT events_event_id_key UNIQUE (event_id)
  );

  CREATE FUNCTION ${s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    RAISE EXCEPTION 'banjian: stored events are append-only (% refused)', TG_OP USING ERRCODE = '${SQLSTATE.appendOnly}';
  END $fn$;
  CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
    FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change();
  CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
    FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change();

  -- One round trip per group of appends ("units", each atomic over its streams): check every
  -- stream's expected version and that the writer sealed on the stream's real head; a unit with a
  -- refused stream is stored not at all (its refusal is returned), the others are stored.
  -- Readers of the global log only read rows of transactions older than every running one
  -- (transaction_id < xmin of their snapshot); for that to be a prefix of the log, transaction ids
  -- must be in global-position order, so both are taken under a short session lock. The
  -- transaction must get its id here: everything before only reads.
  CREATE FUNCTION ${s}.append_events(
    p_stream_units integer[], p_streams text[], p_expected bigint[], p_heads integer[], p_head_hashes text[],
    p_event_streams integer[], p_positions integer[], p_event_ids text[], p_types text[],
    p_canonicals text[], p_prev_hashes text[], p_hashes text[],
    OUT refusals text[], OUT last_position bigint
  ) LANGUAGE plpgsql AS $fn$
  DECLARE
    i integer;
    v_unit integer;
    v_version integer;
    v_hash text;
    v_expected bigint;
    v_count integer;
    v_first bigint;
  BEGIN
    refusals := array_fill(NULL::text, ARRAY[coalesce((SELECT max(u) FROM unnest(p_stream_units) AS u), 0)]);
    FOR i IN 1 .. cardinality(p_streams) LOOP
      v_unit := p_stream_units[i];
${readStreamHead(s)}
      v_expected := p_expected[i];
      IF refusals[v_unit] IS NOT NULL THEN
        CONTINUE;
      ELSIF (v_expected >= 0 AND v_expected <> v_version) OR (v_expected = ${EXPECTED_CODE.noStream} AND v_version <> -1)
         OR (v_expected = ${EXPECTED_CODE.streamExists} AND v_version = -1) THEN
        refusals[v_unit] := '${SQLSTATE.concurrency} ' || i || ' ' || v_version;
      ELSIF v_version <> p_heads[i] OR v_hash <> p_head_hashes[i] THEN
        refusals[v_unit] := '${SQLSTATE.staleHead} ' || i || ' ' || v_version;
      END IF;
    END LOOP;
    SELECT count(*) INTO v_count FROM unnest(p_event_streams) AS e(s) WHERE refusals[p_stream_units[e.s]] IS NULL;
    IF v_count = 0 THEN
      last_position := (SELECT coalesce(max(global_position), 0) FROM ${s}.events);
      RETURN;
    END IF;
    PERFORM pg_advisory_lock(${LOCK_CLASS}, hashtext('${s}'));
    PERFORM pg_current_xact_id();
    v_first := nextval('${s}.global_position');
    IF v_count > 1 THEN
      PERFORM setval('${s}.global_position', v_first + v_count - 1);
    END IF;
    PERFORM pg_advisory_unlock(${LOCK_CLASS}, hashtext('${s}'));
    INSERT INTO ${s}.events
      (global_position, stream_id, stream_position, event_id, type, canonical, prev_hash, hash, transaction_id)
    SELECT v_first + row_number() OVER (ORDER BY e.n) - 1, p_streams[e.s], e.stream_position, e.event_id, e.type,
           e.canonical, e.prev_hash, e.hash, pg_current_xact_id()
      FROM unnest(p_event_streams, p_positions, p_event_ids, p_types, p_canonicals, p_prev_hashes, p_hashes)
        WITH ORDINALITY AS e(s, stream_position, event_id, type, canonical, prev_hash, hash, n)
     WHERE refusals[p_stream_units[e.s]] IS NULL;
    last_position := v_first + v_count - 1;
  END $fn$;
`;

const version2 = (s: string): string => `
  -- Signed tree heads over the global log (spec §6), kept as their JSON; only ever added.
  CREATE TABLE ${s}.checkpoints (
    seq  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    size bigint NOT NULL,
    body text   NOT NULL
  );
  CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON ${s}.checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change();
  CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON ${s}.checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change();
`;

const version3 = (s: string): string => `
  DROP FUNCTION ${s}.append_events(integer[], text[], bigint[], integer[], text[], integer[], integer[], text[], text[], text[], text[], text[]);

  -- The append function of version 1, doing less work a call (its arrays now arrive in binary):
  -- statements only where a table is read or written, everything else in plain expressions
  -- (PL/pgSQL evaluates those without the executor); the session lock is taken by a try first, a
  -- waiting statement only when another writer holds it. Refusals come back as one text, NULL when
  -- every unit is stored: "<unit> <SQLSTATE> <stream index> <actual version>", comma-separated.
  -- p_notify: announce the log's growth to listeners when this transaction commits.
  -- Before it takes its id, the transaction marks itself appending until it ends (a shared
  -- transaction lock), so readers wait for appends in flight, not for every transaction running.
  CREATE FUNCTION ${s}.append_events(
    p_stream_units integer[], p_streams text[], p_expected integer[], p_heads integer[], p_head_hashes text[],
    p_event_streams integer[], p_positions integer[], p_event_ids text[], p_types text[],
    p_canonicals text[], p_prev_hashes text[], p_hashes text[], p_notify boolean,
    OUT refusals text, OUT last_position bigint
  ) LANGUAGE plpgsql AS $fn$
  DECLARE
    i integer;
    v_version integer;
    v_hash text;
    v_expected integer;
    v_code text;
    v_refused integer[] := '{}';
    v_count integer;
    v_first bigint;
    v_xid xid8;
    v_locked boolean;
  BEGIN
    IF p_notify THEN
      PERFORM pg_notify('${notifyChannel(s)}', '');
    END IF;
    FOR i IN 1 .. cardinality(p_streams) LOOP
      CONTINUE WHEN p_stream_units[i] = ANY (v_refused);
${readStreamHead(s)}
      v_expected := p_expected[i];
      v_code := CASE
        WHEN (v_expected >= 0 AND v_expected <> v_version) OR (v_expected = ${EXPECTED_CODE.noStream} AND v_version <> -1)
          OR (v_expected = ${EXPECTED_CODE.streamExists} AND v_version = -1) THEN '${SQLSTATE.concurrency}'
        WHEN v_version <> p_heads[i] OR v_hash <> p_head_hashes[i] THEN '${SQLSTATE.staleHead}'
      END;
      IF v_code IS NOT NULL THEN
        refusals := concat_ws(',', refusals, concat_ws(' ', p_stream_units[i], v_code, i, v_version));
        v_refused := v_refused || p_stream_units[i];
      END IF;
    END LOOP;
    IF cardinality(v_refused) = 0 THEN
      v_count := cardinality(p_event_ids);
    ELSE
      SELECT count(*) INTO v_count FROM unnest(p_event_streams) AS e(s) WHERE p_stream_units[e.s] <> ALL (v_refused);
    END IF;
    IF v_count = 0 THEN
      last_position := (SELECT coalesce(max(global_position), 0) FROM ${s}.events);
      RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(${APPENDING_LOCK_CLASS}, hashtext('${s}'));
    v_locked := pg_try_advisory_lock(${LOCK_CLASS}, hashtext('${s}'));
    IF NOT v_locked THEN
      PERFORM pg_advisory_lock(${LOCK_CLASS}, hashtext('${s}'));
    END IF;
    v_xid := pg_current_xact_id();
    v_first := nextval('${s}.global_position');
    last_position := v_first + v_count - 1;
    IF v_count > 1 THEN
      last_position := setval('${s}.global_position', last_position);
    END IF;
    v_locked := pg_advisory_unlock(${LOCK_CLASS}, hashtext('${s}'));
    INSERT INTO ${s}.events
      (global_position, stream_id, stream_position, event_id, type, canonical, prev_hash, hash, transaction_id)
    SELECT v_first + row_number() OVER (ORDER BY e.n) - 1, p_streams[e.s], e.stream_position, e.event_id, e.type,
           e.canonical, e.prev_hash, e.hash, v_xid
      FROM unnest(p_event_streams, p_positions, p_event_ids, p_types, p_canonicals, p_prev_hashes, p_hashes)
        WITH ORDINALITY AS e(s, stream_position, event_id, type, canonical, prev_hash, hash, n)
     WHERE p_stream_units[e.s] <> ALL (v_refused);
  END $fn$;

  -- The last global position readers may hand out: below it nothing will ever be inserted, so a
  -- reader never skips an append that commits out of order. That holds for the rows of transactions
  -- older than every append in flight (ids are taken in position order, above). First the running
  -- transactions of other work are read (an id, not the appending lock; pg_locks is scanned once,
  -- so the two agree); then, in a newer snapshot, the bound is the oldest id still in progress that
  -- is not one of those: an append, or something that began since (its id is newer than any append
  -- it could hide). Other work running long (a report, a batch job) does not hold readers back, and
  -- the head never goes back. pg_locks keeps 32-bit ids: compared modulo 2^32.
  -- VOLATILE: each statement takes its own snapshot (READ COMMITTED, as the store's reads run).
  CREATE FUNCTION ${s}.settled_head() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    v_other bigint[];
    v_head bigint;
  BEGIN
    WITH locks AS MATERIALIZED (
      SELECT locktype, virtualtransaction, transactionid FROM pg_catalog.pg_locks
       WHERE granted AND ((locktype = 'transactionid' AND mode = 'ExclusiveLock')
          OR (locktype = 'advisory' AND classid = ${APPENDING_LOCK_CLASS} AND objid = (hashtext('${s}')::bigint & 4294967295)::oid AND objsubid = 2))
    )
    SELECT coalesce(array_agg(transactionid::text::bigint), '{}') INTO v_other FROM locks
     WHERE locktype = 'transactionid'
       AND virtualtransaction NOT IN (SELECT virtualtransaction FROM locks WHERE locktype = 'advisory');
    SELECT coalesce(max(global_position), 0) INTO v_head FROM ${s}.events
     WHERE transaction_id < least(pg_snapshot_xmax(pg_current_snapshot()), (
       SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
        WHERE (x::text::numeric % 4294967296)::bigint <> ALL (v_other)));
    RETURN v_head;
  END $fn$;
`;

export const postgresMigrations: readonly PostgresMigration[] = [
  { version: 1, name: 'events, append function, append-only guards', sql: version1 },
  { version: 2, name: 'signed checkpoints', sql: version2 },
  { version: 3, name: 'leaner append function over binary arrays; readers wait for appends only', sql: version3 },
];

export const LATEST_POSTGRES_SCHEMA_VERSION = postgresMigrations[postgresMigrations.length - 1]?.version ?? 0;

/**
 * Bring a schema to the latest version: every pending migration in one transaction, under an
 * advisory lock so that stores opening the same schema at once do not race. Idempotent.
 */
export const migratePostgres = async (client: pg.ClientBase, schema: string): Promise<void> => {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS + 1}, hashtext($1))`, [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.migrations`);
    const current = rows[0]?.version ?? 0;
    if (current > LATEST_POSTGRES_SCHEMA_VERSION) throw new SchemaVersionError(`postgres schema ${schema}`, current, LATEST_POSTGRES_SCHEMA_VERSION);
    for (const migration of postgresMigrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql(schema));
      await client.query(`INSERT INTO ${schema}.migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
};
