import { InvalidEventError, type StoredEvent } from '@banjian/core';
import type pg from 'pg';
import { SQLSTATE } from './migrations';
import type { Queries } from './queries';
import { expectedCode, type SealedUnit } from './seal-unit';

/** What became of one unit of a group. */
export type UnitOutcome =
  | { kind: 'stored'; events: StoredEvent[][]; lastGlobalPosition: number }
  /** A stream was not at the expected version: the unit's `streamIndex`-th stream is at `version` (−1: none). */
  | { kind: 'refused'; streamIndex: number; version: number }
  /** Sealed on a head that moved, or raced another writer of a stream: seal again. */
  | { kind: 'stale'; streamIds: string[] }
  | { kind: 'failed'; error: unknown };

interface Pending {
  unit: SealedUnit;
  settle: (outcome: UnitOutcome) => void;
}

export interface GroupWriterOptions {
  pool: pg.Pool;
  queries: Queries;
  /** Groups in flight at once (each on its own connection, so the server's group commit joins them). */
  concurrency: number;
  /** Units per group at most. */
  maxUnits: number;
}

interface DatabaseError {
  code?: string;
  detail?: string;
  constraint?: string;
}

/**
 * Client-side group commit: appends that wait while `concurrency` groups are in flight are sent
 * together in one call of the append function (one round trip, one transaction, one WAL flush).
 * Units stay independent: the function stores each unit whole or refuses it alone.
 */
export const createGroupWriter = ({ pool, queries, concurrency, maxUnits }: GroupWriterOptions) => {
  const queue: Pending[] = [];
  let inFlight = 0;

  const send = async (group: Pending[]): Promise<void> => {
    const args = {
      streamUnits: [] as number[], streams: [] as string[], expected: [] as number[], heads: [] as number[], headHashes: [] as string[],
      eventStreams: [] as number[], positions: [] as number[], eventIds: [] as string[], types: [] as string[],
      canonicals: [] as string[], prevHashes: [] as string[], hashes: [] as string[],
    };
    group.forEach(({ unit }, u) => {
      const offset = args.streams.length;
      for (const stream of unit.streams) {
        args.streamUnits.push(u + 1);
        args.streams.push(stream.streamId);
        args.expected.push(expectedCode(stream.expected));
        args.heads.push(stream.head.length - 1);
        args.headHashes.push(stream.head.lastHash);
      }
      unit.batches.forEach((batch) => {
        batch.events.forEach((event, i) => {
          args.eventStreams.push(offset + 1 + unit.streams.findIndex((s) => s.streamId === event.streamId));
          args.positions.push(event.streamPosition);
          args.eventIds.push(event.eventId);
          args.types.push(event.type);
          args.canonicals.push(batch.canonicals[i] as string);
          args.prevHashes.push(event.prevHash);
          args.hashes.push(event.hash);
        });
      });
    });

    const client = await pool.connect();
    let row: [(string | null)[], number];
    try {
      const result = await client.query(
        queries.append([
          args.streamUnits, args.streams, args.expected, args.heads, args.headHashes, args.eventStreams,
          args.positions, args.eventIds, args.types, args.canonicals, args.prevHashes, args.hashes,
        ]),
      );
      client.release();
      row = result.rows[0] as [(string | null)[], number];
    } catch (error) {
      const dbError = error as DatabaseError;
      const known = dbError.code === SQLSTATE.uniqueViolation;
      // An unexpected failure may leave the connection in any state: do not reuse it.
      client.release(known ? undefined : (error as Error));
      for (const { unit, settle } of group) {
        const streamIds = unit.streams.map((s) => s.streamId);
        if (dbError.code === SQLSTATE.uniqueViolation && dbError.constraint === 'events_event_id_key') {
          const duplicate = unit.batches.flatMap((b) => b.events).find((e) => dbError.detail?.includes(`(${e.eventId})`));
          settle(duplicate ? { kind: 'failed', error: new InvalidEventError(duplicate.streamId, 'eventId', `${duplicate.eventId} is already stored`) } : { kind: 'stale', streamIds: [] });
        } else if (known) settle({ kind: 'stale', streamIds });
        else settle({ kind: 'failed', error });
      }
      return;
    }

    const [refusals, last] = row;
    const stored = group.filter((_, u) => refusals[u] === null);
    let position = last - stored.reduce((n, { unit }) => n + unit.batches.reduce((m, b) => m + b.events.length, 0), 0);
    group.forEach(({ unit, settle }, u) => {
      const refusal = refusals[u];
      if (refusal === null || refusal === undefined) {
        const events = unit.batches.map((batch) => batch.events.map((event): StoredEvent => Object.freeze({ ...event, globalPosition: ++position })));
        settle({ kind: 'stored', events, lastGlobalPosition: events.some((e) => e.length > 0) ? position : last });
        return;
      }
      const [code, streamIndex, version] = refusal.split(' ');
      const index = Number(streamIndex) - 1 - (args.streamUnits.indexOf(u + 1));
      if (code === SQLSTATE.concurrency) settle({ kind: 'refused', streamIndex: index, version: Number(version) });
      else settle({ kind: 'stale', streamIds: [unit.streams[index]?.streamId ?? ''] });
    });
  };

  const pump = (): void => {
    while (inFlight < concurrency && queue.length > 0) {
      const group = queue.splice(0, maxUnits);
      inFlight += 1;
      void send(group).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return (unit: SealedUnit): Promise<UnitOutcome> =>
    new Promise((settle) => {
      queue.push({ unit, settle });
      pump();
    });
};

export type GroupWriter = ReturnType<typeof createGroupWriter>;
