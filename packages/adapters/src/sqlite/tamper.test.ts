import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { createCheckpointSigner, hashedText, chainHash, GENESIS_HASH, hasRawRanges, verifyLog, type Damage } from '@banjian/core';
import { afterEach, describe, expect, it } from 'vitest';
import { caseOpening, consultations } from '../contract/index';
import { openRawSqlite } from './driver';
import { createSqliteEventStore, type SqliteEventStore } from './store';
import { tempDir } from './test-support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A store of 9 events in three streams, interleaved:
 *   1 consultation-a@0  2 consultation-a@1  3 case-c-1@0  4 case-c-1@1
 *   5 consultation-b@0  6 consultation-b@1  7 consultation-a@2  8 consultation-a@3  9 consultation-b@2
 */
const seeded = async (): Promise<{ store: SqliteEventStore; path: string }> => {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const path = join(dir.dir, 'events.db');
  const store = createSqliteEventStore({ path });
  cleanups.push(() => store.close());
  await store.appendToStream('consultation-a', consultations(0, 2));
  await store.appendToStream('case-c-1', caseOpening('c-1'));
  await store.appendToStream('consultation-b', consultations(10, 2));
  await store.appendToStream('consultation-a', consultations(2, 2));
  await store.appendToStream('consultation-b', consultations(12, 1));
  return { store, path };
};

/** A database owner's connection with the append-only guards dropped. */
const ownerConnection = (path: string) => {
  const db = openRawSqlite(path);
  cleanups.push(() => void db.close());
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  return db;
};

/** Verified on one thread, and by ranges of two positions on two threads each reading the file itself: the same report. */
const damageOf = async (store: SqliteEventStore, options: Parameters<typeof verifyLog>[1] = {}): Promise<Damage | undefined> => {
  const result = await verifyLog(store.readRaw(), { algorithm: store.hashAlgorithm, ...options });
  expect(result.ok).toBe(result.damage === undefined);
  if (!hasRawRanges(store)) throw new Error('a store file is read by range');
  const ranged = await verifyLog(store, { algorithm: store.hashAlgorithm, ...options, parallel: true, ranges: { size: 2, workers: 1, waitForWorkers: true } });
  expect({ ...ranged, threads: 1 }).toEqual(result);
  return result.damage;
};

describe('tampering with the SQLite file is found by verify', () => {
  it('given an intact store, when verified, then it is confirmed', async () => {
    const { store } = await seeded();
    const result = await verifyLog(store.readRaw(), { algorithm: store.hashAlgorithm });
    expect(result).toMatchObject({ ok: true, events: 9, streams: 3, lastPosition: 9 });
    expect(await damageOf(store)).toBeUndefined();
  });

  it('given an intact store, when verified by ranges, then a worker reads and walks some of them from the file', async () => {
    const { store } = await seeded();
    if (!hasRawRanges(store)) throw new Error('a store file is read by range');
    const ranged = await verifyLog(store, { algorithm: store.hashAlgorithm, parallel: true, ranges: { size: 1, workers: 1, waitForWorkers: true } });
    expect(ranged).toMatchObject({ ok: true, events: 9, streams: 3, lastPosition: 9, threads: 2 });
  });

  it('given a store in memory, when asked for ranges, then it has none (no other connection sees it)', () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    expect(hasRawRanges(store)).toBe(false);
  });

  it('given one byte of a payload changed, when verified, then it is altered at that event', async () => {
    const { store, path } = await seeded();
    ownerConnection(path).prepare("UPDATE events SET canonical = replace(canonical, '开办企业 11', '开办企业 12') WHERE global_position = 6").run();
    expect(await damageOf(store)).toMatchObject({ kind: 'altered', streamId: 'consultation-b', streamPosition: 1, globalPosition: 6 });
  });

  it('given a row deleted, when verified, then the stream is missing that position', async () => {
    const { store, path } = await seeded();
    ownerConnection(path).prepare('DELETE FROM events WHERE global_position = 2').run();
    expect(await damageOf(store)).toMatchObject({ kind: 'missing', streamId: 'consultation-a', streamPosition: 1, globalPosition: 7 });
  });

  it('given two rows of a stream swapped in global order, when verified, then it is reordered at the first of them', async () => {
    const { store, path } = await seeded();
    const db = ownerConnection(path);
    db.transaction(() => {
      db.prepare('UPDATE events SET global_position = -7 WHERE global_position = 7').run();
      db.prepare('UPDATE events SET global_position = 7 WHERE global_position = 8').run();
      db.prepare('UPDATE events SET global_position = 8 WHERE global_position = -7').run();
    })();
    expect(await damageOf(store)).toMatchObject({ kind: 'reordered', streamId: 'consultation-a', streamPosition: 3, globalPosition: 7 });
  });

  it('given a forged row inserted with a made-up hash, when verified, then it is named', async () => {
    const { store, path } = await seeded();
    const [last] = await store.readStream('consultation-a', { from: 3 });
    const forged = { ...last!, eventId: '0190f5b4-0000-7000-8000-00000000f0f0', streamPosition: 4, prevHash: last!.hash, hash: 'f'.repeat(64) };
    ownerConnection(path)
      .prepare('INSERT INTO events VALUES (10, ?, 4, ?, ?, NULL, ?, ?, ?, ?)')
      .run('consultation-a', forged.eventId, forged.type, forged.occurredAt, hashedText(forged as never), forged.prevHash, forged.hash);
    expect(await damageOf(store)).toMatchObject({ kind: 'altered', streamId: 'consultation-a', streamPosition: 4, globalPosition: 10 });
  });

  it('given a forged row with a correctly recomputed chain slipped inside a signed checkpoint, when verified against it, then it is inserted', async () => {
    const { store, path } = await seeded();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = createCheckpointSigner({ privateKey, algorithm: store.hashAlgorithm });
    const intact = await verifyLog(store.readRaw(), { algorithm: store.hashAlgorithm });
    await store.checkpoints.save(signer.sign({ size: intact.events, root: intact.root }));

    // The owner moves events 5..9 up by one and forges a new, self-consistent stream at 5.
    const db = ownerConnection(path);
    const forgedEnvelope = { ...(await store.readStream('consultation-b'))[0]!, streamId: 'consultation-forged', eventId: '0190f5b4-0000-7000-8000-00000000f0f1', prevHash: GENESIS_HASH };
    const canonical = hashedText(forgedEnvelope as never);
    db.transaction(() => {
      for (let gp = 9; gp >= 5; gp--) db.prepare('UPDATE events SET global_position = global_position + 1 WHERE global_position = ?').run(gp);
      db.prepare('INSERT INTO events VALUES (5, ?, 0, ?, ?, NULL, ?, ?, ?, ?)').run(
        'consultation-forged',
        forgedEnvelope.eventId,
        forgedEnvelope.type,
        forgedEnvelope.occurredAt,
        canonical,
        GENESIS_HASH,
        chainHash(store.hashAlgorithm, GENESIS_HASH, canonical),
      );
    })();

    expect(await damageOf(store)).toBeUndefined();
    const damage = await damageOf(store, { checkpoints: await store.checkpoints.list(), publicKey });
    // Named where the first 9 records end: the checkpoint's range, which the forgery falls inside.
    expect(damage).toMatchObject({ kind: 'inserted', globalPosition: 9, checkpoint: { size: 9 } });
  });

  it('given checkpoints in the file, when an owner tries to edit them through SQL, then the guards refuse', async () => {
    const { store, path } = await seeded();
    const { privateKey } = generateKeyPairSync('ed25519');
    const intact = await verifyLog(store.readRaw(), { algorithm: store.hashAlgorithm });
    await store.checkpoints.save(createCheckpointSigner({ privateKey }).sign({ size: intact.events, root: intact.root }));
    const db = openRawSqlite(path);
    cleanups.push(() => void db.close());
    expect(() => db.prepare("UPDATE merkle_checkpoints SET body = '{}'").run()).toThrow(/UPDATE refused/);
    expect(() => db.prepare('DELETE FROM merkle_checkpoints').run()).toThrow(/DELETE refused/);
    expect(await store.checkpoints.list()).toHaveLength(1);
  });
});
