import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryEventStore, verifyLog, type EventStore, type EventToAppend, type RawEventRecord, type RawEventSource } from '@banjian/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultation } from './contract/fixtures';
import { createPostgresEventStore, type PostgresEventStore } from './postgres/store';
import { dropSchema, PG_URL, uniqueSchema } from './postgres/test-support';
import { createSqliteEventStore, type SqliteEventStore } from './sqlite/store';

/**
 * Any Unicode text the codecs accept is stored byte for byte: the same events written to the
 * memory, SQLite and PostgreSQL stores read back as identical UTF-8 bytes (hashed text and the
 * columns beside it), and every store verifies intact.
 */
const text = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 24 })
  .map((s) => s.replace(/\u0000/g, '·'))
  .filter((s) => s.trim().length > 0);

let dir: string;
let schema: string;
let sqlite: SqliteEventStore;
let postgres: PostgresEventStore;
const memory = createInMemoryEventStore();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banjian-unicode-'));
  sqlite = createSqliteEventStore({ path: join(dir, 'unicode.db') });
  schema = uniqueSchema('unicode');
  postgres = await createPostgresEventStore({ connectionString: PG_URL, schema });
});

afterAll(async () => {
  await sqlite?.close();
  await postgres?.close();
  await memory.close();
  if (schema) await dropSchema(schema);
  rmSync(dir, { recursive: true, force: true });
});

const rawOf = async (store: RawEventSource): Promise<RawEventRecord[]> => {
  const records: RawEventRecord[] = [];
  for await (const r of store.readRaw()) records.push(r);
  return records;
};

/** What must be identical across stores, as UTF-8 bytes (positions aside: each store numbers its own log). */
const bytesOf = (r: RawEventRecord) => ({
  streamId: Buffer.from(r.streamId, 'utf8').toString('hex'),
  streamPosition: r.streamPosition,
  canonical: Buffer.from(r.canonical, 'utf8').toString('hex'),
  hash: r.hash,
});

describe('Unicode text through every store', () => {
  it('given random Unicode ids and topics (astral characters, CJK, controls), when appended to each store, then the bytes are identical and every store verifies intact', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 4 }), async (items) => {
        run += 1;
        const appends = items.map(([id, topic], i) => ({
          streamId: `consultation-${run}-${i}-${id}`,
          event: consultation(run * 10 + i, { topic, eventId: `event-${run}-${i}-${id}`, recordedAt: '2025-03-04T10:00:00+08:00' }),
        }));
        for (const store of [memory, sqlite, postgres] as EventStore[]) {
          for (const { streamId, event } of appends) await store.appendToStream(streamId, [{ ...event, data: { ...(event.data as object), consultationId: streamId } } as EventToAppend]);
        }
        const [inMemory, inSqlite, inPostgres] = await Promise.all([rawOf(memory), rawOf(sqlite), rawOf(postgres)]);
        expect(inSqlite.map(bytesOf)).toEqual(inMemory.map(bytesOf));
        expect(inPostgres.map(bytesOf)).toEqual(inMemory.map(bytesOf));
        for (const [store, dense] of [[memory, true], [sqlite, true], [postgres, false]] as const) {
          const result = await verifyLog(store.readRaw(), { algorithm: 'sha256', denseGlobalPositions: dense });
          expect(result.damages).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
