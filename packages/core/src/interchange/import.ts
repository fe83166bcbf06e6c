import { isLeft, left, right, type Either } from 'fp-ts/lib/Either';
import type { EventToAppend } from '../events/envelope';
import type { HashAlgorithm } from '../integrity/hash';
import { ConcurrencyError, InvalidEventError } from '../store/errors';
import { supportsBatchAppend, type EventStore, type StreamAppendItem } from '../store/port';
import { interchangeError, type InterchangeError } from './errors';
import { parseEventLog, type ParsedEvent, type StreamStart } from './parse';

export interface ImportResult {
  events: number;
  streams: number;
  /** Global position of the last event stored (0 when the log was empty). */
  lastGlobalPosition: number;
  /** `true` when the store committed the whole log in one transaction (BatchAppend). */
  atomic: boolean;
}

export interface ImportOptions {
  algorithm?: HashAlgorithm;
  /** See `ParseOptions`: the clock recordedAt may not run ahead of, and the skew allowed. */
  now?: () => number;
  maxClockSkewMs?: number;
}

/** What a store gets: everything the line says except the positions and links the store assigns. */
const toAppend = ({ envelope }: ParsedEvent): EventToAppend => {
  const { streamId: _stream, streamPosition: _position, globalPosition: _global, ...rest } = envelope;
  // prevHash and hash stay when the line gave them: the store checks them against its own chain.
  return rest as unknown as EventToAppend;
};

/** Runs of consecutive lines of one stream, in file order, so global order is kept. */
const runsOf = (events: readonly ParsedEvent[]): { item: StreamAppendItem; lines: number[] }[] => {
  const runs: { item: StreamAppendItem & { events: EventToAppend[] }; lines: number[] }[] = [];
  for (const event of events) {
    const previous = runs[runs.length - 1];
    if (previous && previous.item.streamId === event.envelope.streamId) {
      previous.item.events.push(toAppend(event));
      previous.lines.push(event.line);
    } else {
      const position = event.envelope.streamPosition;
      runs.push({
        item: { streamId: event.envelope.streamId, events: [toAppend(event)], expectedVersion: position === 0 ? 'noStream' : position - 1 },
        lines: [event.line],
      });
    }
  }
  return runs;
};

const startOf =
  (store: EventStore) =>
  async (streamId: string): Promise<StreamStart | undefined> => {
    const events = await store.readStream(streamId);
    const last = events[events.length - 1];
    return last ? { version: last.streamPosition, lastHash: last.hash, lastOccurredAt: last.occurredAt, lastRecordedAt: last.recordedAt } : undefined;
  };

/** A store's refusal as an interchange error, on the line of the event it names when it names one. */
const refusal = (error: unknown, runs: ReturnType<typeof runsOf>, appended: number): InterchangeError => {
  const partial = appended > 0 ? ` (best effort: ${appended} events were stored before the failure)` : '';
  if (error instanceof InvalidEventError) {
    const run = runs.find((r) => r.item.streamId === error.streamId && (error.index ?? 0) < r.lines.length);
    return interchangeError(run?.lines[error.index ?? 0] ?? 0, error.field, `${error.reason}${partial}`);
  }
  if (error instanceof ConcurrencyError) {
    const run = runs.find((r) => r.item.streamId === error.streamId);
    return interchangeError(run?.lines[0] ?? 0, 'streamPosition', `${error.message}: the store changed during the import${partial}`);
  }
  return interchangeError(0, '(store)', `${(error as Error).message ?? String(error)}${partial}`);
};

/**
 * Import an NDJSON log (spec §7): every line is validated first — against the store's streams,
 * which the log may continue — and only then appended. Stores with `BatchAppend` take the whole
 * log in one transaction (all or nothing). Others get a documented best-effort path: one append
 * per run of a stream, each with its expected version; should one fail (the store changed
 * meanwhile), the runs before it stay and the error says how many events were stored.
 * Events keep their eventId, recordedAt, occurredAt, actor, ids and positions, so the store
 * computes the same hashes.
 */
export const importEventLog = async (
  store: EventStore,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions = {},
): Promise<Either<InterchangeError, ImportResult>> => {
  const parsed = await parseEventLog(lines, { ...options, startOf: startOf(store) });
  if (isLeft(parsed)) return parsed;
  const runs = runsOf(parsed.right.events);
  const summary = { events: parsed.right.events.length, streams: parsed.right.streams };
  if (runs.length === 0) return right({ ...summary, lastGlobalPosition: 0, atomic: true });

  if (supportsBatchAppend(store)) {
    try {
      const results = await store.appendMany(runs.map((r) => r.item));
      return right({ ...summary, lastGlobalPosition: results[results.length - 1]?.lastGlobalPosition ?? 0, atomic: true });
    } catch (error) {
      return left(refusal(error, runs, 0));
    }
  }
  let appended = 0;
  let lastGlobalPosition = 0;
  for (const [i, run] of runs.entries()) {
    try {
      const result = await store.appendToStream(run.item.streamId, run.item.events, { expectedVersion: run.item.expectedVersion });
      appended += run.item.events.length;
      lastGlobalPosition = result.lastGlobalPosition;
    } catch (error) {
      return left(refusal(error, runs.slice(i), appended));
    }
  }
  return right({ ...summary, lastGlobalPosition, atomic: false });
};
