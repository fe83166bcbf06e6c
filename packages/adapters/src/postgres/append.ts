import { ConcurrencyError, type AppendResult, type HashAlgorithm, type StreamHead } from '@banjian/core';
import type pg from 'pg';
import { createGroupWriter } from './group-writer';
import type { Notifier } from './notifications';
import type { Queries } from './queries';
import { sealUnit, type StreamAppend } from './seal-unit';
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
export const createAppender = ({ pool, queries, heads, algorithm, now, writeConcurrency, notifier }: AppenderContext) => {
  const readHead = async (streamId: string): Promise<StreamHead> => {
    const { rows } = await pool.query(queries.streamHead([streamId]));
    const row = rows[0] as [number, string, string] | undefined;
    const head = row ? { length: row[0] + 1, lastHash: row[1], lastOccurredAt: row[2], lastOccurredMs: Date.parse(row[2]) } : EMPTY_HEAD;
    heads.offer(streamId, head);
    return head;
  };
  const write = createGroupWriter({ pool, queries, concurrency: writeConcurrency, maxUnits: 64, notifier });
  const inTurn = createStreamLocks();

  const appendNow = async (parts: readonly StreamAppend[]): Promise<AppendResult[]> => {
    const fresh = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const unit = await sealUnit({ heads, readHead, algorithm, now }, parts, fresh);
      const outcome = await write(unit);
      switch (outcome.kind) {
        case 'stored':
          for (const [streamId, head] of unit.after) heads.offer(streamId, head);
          return parts.map((_, i) => {
            const events = outcome.events[i] ?? [];
            const head = unit.batches[i]?.head as StreamHead;
            return { nextExpectedVersion: head.length - 1, lastGlobalPosition: events.at(-1)?.globalPosition ?? outcome.lastGlobalPosition, events };
          });
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
