import {
  actualVersion,
  ConcurrencyError,
  InvalidEventError,
  matchesExpected,
  sealBatch,
  type AppendResult,
  type EventToAppend,
  type ExpectedVersion,
  type HashAlgorithm,
  type StoredEvent,
  type StreamHead,
} from '@banjian/core';
import type pg from 'pg';
import { EXPECTED_CODE, SQLSTATE } from './migrations';
import type { Queries } from './queries';
import { createStreamLocks } from './stream-locks';
import { EMPTY_HEAD, type StreamHeadCache } from './stream-heads';

/** One stream's part of an append: the events and what the writer expects of the stream. */
export interface StreamAppend {
  streamId: string;
  events: readonly EventToAppend[];
  expectedVersion?: ExpectedVersion;
}

export interface AppenderContext {
  pool: pg.Pool;
  queries: Queries;
  heads: StreamHeadCache;
  algorithm: HashAlgorithm;
  now: () => string;
}

/**
 * A batch sealed on a head that another process moved is sealed again on the new head; writers of
 * other processes on one hot stream back off a little, at random, so that one of them gets through.
 */
const MAX_ATTEMPTS = 50;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

const notKnownHere = () => false;

const expectedCode = (expected: ExpectedVersion | undefined): number =>
  expected === undefined || expected === 'any' ? EXPECTED_CODE.any : typeof expected === 'number' ? expected : EXPECTED_CODE[expected];

interface DatabaseError {
  code?: string;
  detail?: string;
  constraint?: string;
}

/** `<1-based stream index> <actual version>`, as the append function reports a refusal. */
const refusedStream = (error: DatabaseError): { index: number; version: number } => {
  const [index, version] = (error.detail ?? '').split(' ').map(Number);
  return { index: (index ?? 1) - 1, version: version ?? -1 };
};

const isKnownRefusal = (error: DatabaseError): boolean =>
  error.code === SQLSTATE.concurrency || error.code === SQLSTATE.staleHead || error.code === SQLSTATE.uniqueViolation;

/**
 * Appends one or more streams' events in one transaction and one round trip: seal each batch on
 * the stream's head as this process knows it (reading it only when unknown), then let the append
 * function check expected versions and heads and store everything, or nothing.
 */
export const createAppender = ({ pool, queries, heads, algorithm, now }: AppenderContext) => {
  const readHead = async (client: pg.ClientBase, streamId: string): Promise<StreamHead> => {
    const { rows } = await client.query(queries.streamHead([streamId]));
    const row = rows[0] as [number, string, string] | undefined;
    const head = row ? { length: row[0] + 1, lastHash: row[1], lastOccurredAt: row[2], lastOccurredMs: Date.parse(row[2]) } : EMPTY_HEAD;
    heads.offer(streamId, head);
    return head;
  };

  const attempt = async (client: pg.ClientBase, parts: readonly StreamAppend[], fresh: Set<string>): Promise<AppendResult[] | 'retry'> => {
    // Heads as the batch goes: a stream named twice continues from its own first part.
    const current = new Map<string, StreamHead>();
    const first = new Map<string, { head: StreamHead; expected: ExpectedVersion | undefined }>();
    const sealed = [];
    for (const part of parts) {
      let head = current.get(part.streamId);
      if (head === undefined) {
        const cached = fresh.has(part.streamId) ? undefined : heads.get(part.streamId);
        head = cached ?? (await readHead(client, part.streamId));
        if (cached && !matchesExpected(part.expectedVersion, cached.length)) {
          // The cache may only be behind: look at the stream itself before refusing.
          fresh.add(part.streamId);
          head = await readHead(client, part.streamId);
        }
        first.set(part.streamId, { head, expected: part.expectedVersion });
      }
      if (!matchesExpected(part.expectedVersion, head.length)) {
        throw new ConcurrencyError(part.streamId, part.expectedVersion ?? 'any', actualVersion(head.length));
      }
      // Ids already stored are refused by the events table's unique index, in the same round trip.
      const batch = sealBatch({ streamId: part.streamId, head, lastGlobalPosition: 0, algorithm, now, isStoredEventId: notKnownHere }, part.events);
      current.set(part.streamId, batch.head);
      sealed.push({ part, batch });
    }

    const streams = [...first.keys()];
    const perStream = [...first.values()];
    const columns = { streamIds: [] as string[], positions: [] as number[], eventIds: [] as string[], types: [] as string[], canonicals: [] as string[], prevHashes: [] as string[], hashes: [] as string[] };
    for (const { part, batch } of sealed) {
      batch.events.forEach((event, i) => {
        columns.streamIds.push(part.streamId);
        columns.positions.push(event.streamPosition);
        columns.eventIds.push(event.eventId);
        columns.types.push(event.type);
        columns.canonicals.push(batch.canonicals[i] as string);
        columns.prevHashes.push(event.prevHash);
        columns.hashes.push(event.hash);
      });
    }

    let last: number;
    try {
      const { rows } = await client.query(
        queries.append([
          streams,
          perStream.map((s) => expectedCode(s.expected)),
          perStream.map((s) => s.head.length - 1),
          perStream.map((s) => s.head.lastHash),
          columns.streamIds,
          columns.positions,
          columns.eventIds,
          columns.types,
          columns.canonicals,
          columns.prevHashes,
          columns.hashes,
        ]),
      );
      last = (rows[0] as [number])[0];
    } catch (error) {
      const dbError = error as DatabaseError;
      if (dbError.code === SQLSTATE.concurrency) {
        const { index, version } = refusedStream(dbError);
        const streamId = streams[index] as string;
        heads.forget(streamId);
        throw new ConcurrencyError(streamId, perStream[index]?.expected ?? 'any', version < 0 ? 'noStream' : version);
      }
      if (dbError.code === SQLSTATE.staleHead) {
        const streamId = streams[refusedStream(dbError).index] as string;
        heads.forget(streamId);
        fresh.add(streamId);
        return 'retry';
      }
      if (dbError.code === SQLSTATE.uniqueViolation && dbError.constraint === 'events_stream_position_key') {
        // A writer of the same stream committed between our check and our insert.
        for (const streamId of streams) {
          heads.forget(streamId);
          fresh.add(streamId);
        }
        return 'retry';
      }
      if (dbError.code === SQLSTATE.uniqueViolation && dbError.constraint === 'events_event_id_key') {
        const index = columns.eventIds.findIndex((id) => dbError.detail?.includes(`(${id})`));
        throw new InvalidEventError(columns.streamIds[index] ?? streams[0] ?? '', 'eventId', `${columns.eventIds[index] ?? 'an event id'} is already stored`);
      }
      throw error;
    }

    // The function stored the batch at consecutive global positions ending at `last`.
    let position = last - columns.hashes.length;
    const results = sealed.map(({ part, batch }): AppendResult => {
      const events = batch.events.map((event): StoredEvent => Object.freeze({ ...event, globalPosition: ++position }));
      return { nextExpectedVersion: batch.head.length - 1, lastGlobalPosition: events.length > 0 ? position : last, events };
    });
    for (const [streamId, head] of current) heads.offer(streamId, head);
    return results;
  };

  const inTurn = createStreamLocks();

  return (parts: readonly StreamAppend[]): Promise<AppendResult[]> => inTurn(parts.map((p) => p.streamId), () => appendNow(parts));

  async function appendNow(parts: readonly StreamAppend[]): Promise<AppendResult[]> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const fresh = new Set<string>();
      for (let i = 1; ; i++) {
        const results = await attempt(client, parts, fresh);
        if (results !== 'retry') return results;
        if (i >= MAX_ATTEMPTS) throw new Error(`append to ${parts.map((p) => p.streamId).join(', ')}: still racing other writers after ${i} attempts`);
        await backoff(i);
      }
    } catch (error) {
      // An unexpected failure may have left the connection in any state: do not reuse it.
      if (!(error instanceof ConcurrencyError || error instanceof InvalidEventError || isKnownRefusal(error as DatabaseError))) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }
};

export type Appender = ReturnType<typeof createAppender>;
