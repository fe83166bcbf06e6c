import { generateKeyPairSync } from 'node:crypto';
import { createCheckpointSigner, sealEnvelope, verifyLog, type StoredEvent } from '@banjian/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import type { StoreUnderTest } from '../contract/types';
import type { PostgresEventStore } from './store';
import { asOwner, makeTempPostgresStore } from './test-support';

/**
 * A database owner can get past the append-only guards (`session_replication_role = replica`
 * turns triggers off). verify must then name what was done and where.
 */
let current: StoreUnderTest<PostgresEventStore>;
let events: StoredEvent[];
const store = () => current.store;
const table = () => `${store().schema}.events`;

beforeEach(async () => {
  current = await makeTempPostgresStore('tamper');
  // Two streams interleaved: a0 b0 a1 b1 a2 b2 at global positions 1…6.
  events = [];
  for (let i = 0; i < 3; i++) {
    for (const stream of ['a', 'b']) {
      const result = await store().appendToStream(`consultation-${stream}`, [consultation(i * 10 + (stream === 'a' ? 0 : 1))]);
      events.push(...result.events);
    }
  }
  expect((await verifyLog(store().readRaw())).ok).toBe(true);
});

afterEach(() => current.cleanup());

const tamper = (sql: string, values: unknown[] = [], before = '') =>
  asOwner(async (c) => {
    await c.query('SET session_replication_role = replica');
    if (before) await c.query(before);
    await c.query(sql, values);
  });

const at = (n: number) => events[n - 1] as StoredEvent;

/** A forged event of stream `consultation-<stream>`, sealed on `prevHash`, as a row to insert. */
const forgedRow = (template: StoredEvent, streamPosition: number, prevHash: string, topic: string) => {
  const { hash: _hash, globalPosition: _global, prevHash: _prev, ...envelope } = template;
  const forged = { ...envelope, eventId: `forged-${streamPosition}`, streamPosition, data: { ...(template.data as object), topic } };
  const { canonical, event } = sealEnvelope('sha256', prevHash, forged as unknown as Record<string, unknown>);
  return [template.streamId, streamPosition, forged.eventId, template.type, canonical, prevHash, event.hash];
};
const INSERT = (schema: string, globalPosition: number) =>
  `INSERT INTO ${schema}.events (global_position, stream_id, stream_position, event_id, type, canonical, prev_hash, hash, transaction_id)
   VALUES (${globalPosition}, $1, $2, $3, $4, $5, $6, $7, pg_current_xact_id())`;

describe('tampering as the database owner (postgres)', () => {
  it('given one byte of a payload changed, when verified, then the damage is "altered" at that event', async () => {
    await tamper(`UPDATE ${table()} SET canonical = replace(canonical, '开办', '关办') WHERE global_position = $1`, [at(3).globalPosition]);
    const { ok, damage } = await verifyLog(store().readRaw());
    expect(ok).toBe(false);
    expect(damage).toMatchObject({ kind: 'altered', streamId: 'consultation-a', streamPosition: 1, globalPosition: at(3).globalPosition });
  });

  it('given a row deleted, when verified, then the damage is "missing" naming the stream position', async () => {
    await tamper(`DELETE FROM ${table()} WHERE global_position = $1`, [at(3).globalPosition]);
    const { damage } = await verifyLog(store().readRaw());
    expect(damage).toMatchObject({ kind: 'missing', streamId: 'consultation-a', streamPosition: 1 });
  });

  it("given two rows' contents swapped, when verified, then the damage is \"reordered\" where the first of them stands", async () => {
    const columns = ['stream_position', 'event_id', 'canonical', 'prev_hash', 'hash'];
    const copy = (from: number, to: number) =>
      `UPDATE ${table()} t SET ${columns.map((c) => `${c} = s.${c}`).join(', ')} FROM saved s WHERE s.global_position = ${from} AND t.global_position = ${to};`;
    const [first, second] = [at(1).globalPosition, at(3).globalPosition];
    await tamper(`
      CREATE TEMP TABLE saved AS SELECT * FROM ${table()} WHERE global_position IN (${first}, ${second});
      UPDATE ${table()} SET stream_position = -1, event_id = 'moving' WHERE global_position = ${second};
      ${copy(second, first)}
      ${copy(first, second)}
    `);
    const { damage } = await verifyLog(store().readRaw());
    expect(damage).toMatchObject({ kind: 'reordered', streamId: 'consultation-a', globalPosition: first });
  });

  it('given a forged row that does not link to the chain, when verified, then the damage is "inserted" at that row', async () => {
    const forgedAt = at(6).globalPosition + 1;
    await tamper(INSERT(store().schema, forgedAt), forgedRow(at(5), 3, 'f'.repeat(64), '伪造'));
    const { damage } = await verifyLog(store().readRaw());
    expect(damage).toMatchObject({ kind: 'inserted', streamId: 'consultation-a', streamPosition: 3, globalPosition: forgedAt });
  });

  it('given a row replaced by a forgery with a recomputed, linked hash, when verified against a signed checkpoint kept in the store, then the damage is "inserted" at the checkpoint', async () => {
    const signer = createCheckpointSigner({ privateKey: generateKeyPairSync('ed25519').privateKey });
    const before = await verifyLog(store().readRaw());
    await store().checkpoints.save(signer.sign({ size: before.events, root: before.root }));

    const last = at(6);
    await tamper(INSERT(store().schema, last.globalPosition), forgedRow(last, 2, at(4).hash, '伪造'), `DELETE FROM ${table()} WHERE global_position = ${last.globalPosition}`);

    // The chain alone cannot tell a well-made forgery at a stream's end from the original …
    expect((await verifyLog(store().readRaw())).ok).toBe(true);
    // … the signed Merkle root can.
    const checkpoints = await store().checkpoints.list();
    expect(checkpoints).toHaveLength(1);
    const { damage, checkpointsVerified } = await verifyLog(store().readRaw(), { checkpoints, publicKey: signer.publicKey });
    expect(checkpointsVerified).toBe(0);
    expect(damage).toMatchObject({ kind: 'inserted', checkpoint: { size: 6 } });
  });

  it('given the guards in place, when an ordinary session tries the same edits, then each is refused and verify stays clean', async () => {
    const attempts = [`UPDATE ${table()} SET canonical = canonical WHERE global_position = 1`, `DELETE FROM ${table()}`, `UPDATE ${store().schema}.checkpoints SET size = 0`];
    for (const sql of attempts) await expect(asOwner((c) => c.query(sql))).rejects.toMatchObject({ code: 'BJ003' });
    expect(await verifyLog(store().readRaw())).toMatchObject({ ok: true, events: 6 });
  });
});
