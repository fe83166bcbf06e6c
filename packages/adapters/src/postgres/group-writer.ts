import { InvalidEventError, type StoredEvent } from '@banjian/core';
import type pg from 'pg';
import { int4Array, textArray } from './binary-arrays';
import { checkout, isConnectionFailure } from './connection';
import { SQLSTATE } from './migrations';
import type { Notifier } from './notifications';
import type { Queries } from './queries';
import { expectedCode, type SealedUnit } from './seal-unit';

/** What became of one unit of a group. */
export type UnitOutcome =
  | { kind: 'stored'; events: StoredEvent[][]; lastGlobalPosition: number }
  /** A stream was not at the expected version: the unit's `streamIndex`-th stream is at `version` (−1: none). */
  | { kind: 'refused'; streamIndex: number; version: number }
  /** Sealed on a head that moved, or raced another writer of a stream: seal again. */
  | { kind: 'stale'; streamIds: string[] }
  /** The connection or the server went away (`isConnectionFailure`): once `sent`, the unit may or may not be stored. */
  | { kind: 'unavailable'; error: unknown; sent: boolean }
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
  /** Lets a group carry the NOTIFY that announces appends to other processes. */
  notifier?: Pick<Notifier, 'take' | 'done'>;
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
export const createGroupWriter = ({ pool, queries, concurrency, maxUnits, notifier }: GroupWriterOptions) => {
  const queue: Pending[] = [];

  const send = async (group: Pending[]): Promise<void> => {
    const streamUnits: number[] = [], streams: string[] = [], expected: number[] = [], heads: number[] = [], headHashes: string[] = [];
    const eventStreams: number[] = [], positions: number[] = [], eventIds: string[] = [], types: string[] = [];
    const canonicals: string[] = [], prevHashes: string[] = [], hashes: string[] = [];
    /** Index (0-based, in the group) of each unit's first stream. */
    const firstStream: number[] = [];
    group.forEach(({ unit }, u) => {
      const offset = streams.length;
      firstStream.push(offset);
      for (const stream of unit.streams) {
        streamUnits.push(u + 1);
        streams.push(stream.streamId);
        expected.push(expectedCode(stream.expected));
        heads.push(stream.head.length - 1);
        headHashes.push(stream.head.lastHash);
      }
      // By id, not by search: an import is one unit of hundreds of thousands of streams.
      const numberOf = new Map(unit.streams.map((s, i) => [s.streamId, offset + 1 + i]));
      unit.batches.forEach((batch, part) => {
        const streamNumber = numberOf.get(unit.parts[part]?.streamId as string) as number;
        batch.events.forEach((event, i) => {
          eventStreams.push(streamNumber);
          positions.push(event.streamPosition);
          eventIds.push(event.eventId);
          types.push(event.type);
          canonicals.push(batch.canonicals[i] as string);
          prevHashes.push(event.prevHash);
          hashes.push(event.hash);
        });
      });
    });

    const carries = notifier?.take() ?? false;
    let held: Awaited<ReturnType<typeof checkout>> | undefined;
    let row: [string | null, number];
    try {
      held = await checkout(pool);
      const result = await held.client.query(
        queries.append([
          int4Array(streamUnits), textArray(streams), int4Array(expected), int4Array(heads), textArray(headHashes),
          int4Array(eventStreams), int4Array(positions), textArray(eventIds), textArray(types),
          textArray(canonicals), textArray(prevHashes), textArray(hashes), carries,
        ]),
      );
      held.release();
      row = result.rows[0] as [string | null, number];
    } catch (error) {
      notifier?.done(carries, false, false);
      const dbError = error as DatabaseError;
      const known = dbError.code === SQLSTATE.uniqueViolation;
      // An unexpected failure may leave the connection in any state: do not reuse it.
      held?.release(known ? undefined : error);
      const unavailable = isConnectionFailure(error);
      for (const { unit, settle } of group) {
        if (unavailable) {
          settle({ kind: 'unavailable', error, sent: held !== undefined });
          continue;
        }
        const streamIds = unit.streams.map((s) => s.streamId);
        if (dbError.code === SQLSTATE.uniqueViolation && dbError.constraint === 'events_event_id_key') {
          const duplicate = unit.batches.flatMap((b) => b.events).find((e) => dbError.detail?.includes(`(${e.eventId})`));
          settle(duplicate ? { kind: 'failed', error: new InvalidEventError(duplicate.streamId, 'eventId', `${duplicate.eventId} is already stored`) } : { kind: 'stale', streamIds: [] });
        } else if (known) settle({ kind: 'stale', streamIds });
        else settle({ kind: 'failed', error });
      }
      return;
    }

    const [refusalText, last] = row;
    const refusals = new Map<number, { code: string; streamIndex: number; version: number }>();
    for (const refusal of refusalText === null ? [] : refusalText.split(',')) {
      const [unitNumber, code, streamNumber, version] = refusal.split(' ');
      const u = Number(unitNumber) - 1;
      refusals.set(u, { code: code as string, streamIndex: Number(streamNumber) - 1 - (firstStream[u] as number), version: Number(version) });
    }
    let position = last;
    group.forEach(({ unit }, u) => {
      if (!refusals.has(u)) for (const batch of unit.batches) position -= batch.events.length;
    });
    notifier?.done(carries, true, position < last);
    group.forEach(({ unit, settle }, u) => {
      const refusal = refusals.get(u);
      if (refusal === undefined) {
        const events = unit.batches.map((batch) => batch.events.map((event): StoredEvent => Object.freeze({ ...event, globalPosition: ++position })));
        settle({ kind: 'stored', events, lastGlobalPosition: events.some((e) => e.length > 0) ? position : last });
      } else if (refusal.code === SQLSTATE.concurrency) settle({ kind: 'refused', streamIndex: refusal.streamIndex, version: refusal.version });
      else settle({ kind: 'stale', streamIds: [unit.streams[refusal.streamIndex]?.streamId ?? ''] });
    });
  };

  /** Sizes of the groups in flight. */
  const inFlight: number[] = [];
  // With nothing in flight a group goes at once; beside groups in flight, only once it is as large
  // as the largest of them (or full). Under steady load the groups even out at about half the
  // writers each: one is at the server while the next fills, with fewer round trips a command.
  const ready = () => queue.length > 0 && (inFlight.length === 0 || (inFlight.length < concurrency && queue.length >= Math.min(maxUnits, Math.max(...inFlight))));
  const pump = (): void => {
    while (ready()) {
      const group = queue.splice(0, maxUnits);
      inFlight.push(group.length);
      void send(group).finally(() => {
        inFlight.splice(inFlight.indexOf(group.length), 1);
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
