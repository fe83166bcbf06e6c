import { ConcurrencyError, retryDelay, StoreUnavailableError, type AppendResult, type HashAlgorithm, type StoredEvent, type StreamHead } from '@banjian/core';
import type pg from 'pg';
import { isConnectionFailure } from './connection';
import { createGroupWriter } from './group-writer';
import type { Notifier } from './notifications';
import type { Queries } from './queries';
import { sealUnit, type SealedUnit, type StreamAppend } from './seal-unit';
import { eventFromRow, type EventRow } from '../sqlite/rows';
import { createStreamLocks } from './stream-locks';
import { EMPTY_HEAD, type StreamHeadCache } from './stream-heads';

export interface AppenderContext {
  pool: pg.Pool;
  queries: Queries;
  heads: StreamHeadCache;
  algorithm: HashAlgorithm;
  now: () => string;
  /** Groups of appends in flight at once (see `createGroupWriter`). */
  writeConcurrency: number;
  notifier: Notifier;
  /** How long an append rides out a lost connection or an unavailable server before it fails. */
  retryForMs: number;
  /** Told of each lost connection an append rides out. */
  onRetry?: (retry: StoreRetry) => void;
}

/** A lost connection or unavailable server that an append or a read model waits out. */
export interface StoreRetry {
  readonly operation: string;
  readonly error: unknown;
  readonly attempt: number;
  readonly delayMs: number;
}

/**
 * A unit sealed on a head that another process moved is sealed again on the new head; writers of
 * other processes on one hot stream back off a little, at random, so that one of them gets through.
 */
const MAX_ATTEMPTS = 50;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Appends one or more streams' events atomically: seal on the heads this process knows (reading
 * a head only when unknown), send through the group writer (one round trip, usually shared with
 * other appends), and seal again when a head turned out stale.
 */
export const createAppender = ({ pool, queries, heads, algorithm, now, writeConcurrency, notifier, retryForMs, onRetry }: AppenderContext) => {
  const readHead = async (streamId: string): Promise<StreamHead> => {
    const { rows } = await pool.query(queries.streamHead([streamId]));
    const row = rows[0] as [number, string, string] | undefined;
    const head = row ? { length: row[0] + 1, lastHash: row[1], lastOccurredAt: row[2], lastOccurredMs: Date.parse(row[2]) } : EMPTY_HEAD;
    heads.offer(streamId, head);
    return head;
  };
  const write = createGroupWriter({ pool, queries, concurrency: writeConcurrency, maxUnits: 64, notifier });
  const inTurn = createStreamLocks();

  const resultsOf = (parts: readonly StreamAppend[], unit: SealedUnit, stored: StoredEvent[][], lastGlobalPosition: number): AppendResult[] => {
    for (const [streamId, head] of unit.after) heads.offer(streamId, head);
    return parts.map((_, i) => {
      const events = stored[i] ?? [];
      const head = unit.batches[i]?.head as StreamHead;
      return { nextExpectedVersion: head.length - 1, lastGlobalPosition: events.at(-1)?.globalPosition ?? lastGlobalPosition, events };
    });
  };

  /** The unit's events as stored, if its lost append was stored after all (a unit is stored whole or not at all). */
  const storedOf = async (unit: SealedUnit): Promise<StoredEvent[][] | undefined> => {
    const ids = unit.batches.flatMap((b) => b.events.map((e) => e.eventId));
    if (ids.length === 0) return undefined;
    const { rows } = await pool.query(queries.readEventIds([ids]));
    if (rows.length === 0) return undefined;
    const byId = new Map((rows as EventRow[]).map(eventFromRow).map((e) => [e.eventId, e]));
    return unit.batches.map((b) => b.events.map((e) => byId.get(e.eventId) as StoredEvent));
  };

  const appendNow = async (parts: readonly StreamAppend[]): Promise<AppendResult[]> => {
    const fresh = new Set<string>();
    const started = performance.now();
    // A unit sent when the connection was lost: it is sent again as it is (same event ids, same
    // heads), so at most one of the two is stored; anything but "stored" then asks which it was.
    let uncertain: SealedUnit | undefined;
    let lost = 0;
    const waitOut = async (error: unknown, sent: boolean, unit: SealedUnit) => {
      lost++;
      const stored = sent || uncertain !== undefined ? 'unknown' : false;
      if (performance.now() - started >= retryForMs) throw new StoreUnavailableError(parts.map((p) => p.streamId), stored, lost, error);
      const delayMs = retryDelay(lost, 2_000);
      onRetry?.({ operation: 'append', error, attempt: lost, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (sent) uncertain = unit;
    };
    for (let attempt = 1; ; attempt++) {
      let unit: SealedUnit;
      try {
        unit = uncertain ?? (await sealUnit({ heads, readHead, algorithm, now }, parts, fresh));
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        await waitOut(error, false, undefined as never);
        continue;
      }
      const outcome = await write(unit);
      if (uncertain && outcome.kind !== 'stored' && outcome.kind !== 'unavailable') {
        let stored: StoredEvent[][] | undefined;
        try {
          stored = await storedOf(unit);
        } catch (error) {
          if (!isConnectionFailure(error)) throw error;
          await waitOut(error, true, unit);
          continue;
        }
        if (stored) return resultsOf(parts, unit, stored, stored.flat().at(-1)?.globalPosition ?? 0);
        // The lost attempt was not stored: this answer stands.
        uncertain = undefined;
      }
      switch (outcome.kind) {
        case 'stored':
          return resultsOf(parts, unit, outcome.events, outcome.lastGlobalPosition);
        case 'unavailable':
          await waitOut(outcome.error, outcome.sent, unit);
          break;
        case 'refused': {
          const stream = unit.streams[outcome.streamIndex];
          if (!stream) throw new Error(`append refused on stream index ${outcome.streamIndex} of ${unit.streams.length}`);
          heads.forget(stream.streamId);
          throw new ConcurrencyError(stream.streamId, stream.expected ?? 'any', outcome.version < 0 ? 'noStream' : outcome.version);
        }
        case 'stale':
          for (const streamId of outcome.streamIds.length > 0 ? outcome.streamIds : unit.streams.map((s) => s.streamId)) {
            heads.forget(streamId);
            fresh.add(streamId);
          }
          if (attempt >= MAX_ATTEMPTS) throw new Error(`append to ${parts.map((p) => p.streamId).join(', ')}: still racing other writers after ${attempt} attempts`);
          if (attempt > 1) await backoff(attempt);
          break;
        case 'failed':
          throw outcome.error;
      }
    }
  };

  return (parts: readonly StreamAppend[]): Promise<AppendResult[]> => inTurn(parts.map((p) => p.streamId), () => appendNow(parts));
};

export type Appender = ReturnType<typeof createAppender>;
