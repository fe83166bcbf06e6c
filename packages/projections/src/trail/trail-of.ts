import { caseStream, parseInstant, type EventStore, type StoredEvent } from '@banjian/core';
import type { AsOfBound } from '../runner/rebuild';
import { trailEntryOf, type TrailEntry } from './entry';

export interface TrailOptions {
  /**
   * A past point of view (the runner's as-of bound, all inclusive): up to a global position, a
   * business time (`occurredAt`) or a recording time (`recordedAt`: what the log held then).
   */
  readonly asOf?: AsOfBound;
}

/** A case's audit trail: its stream's events in stream order, each as a readable, hash-sealed entry. */
export interface CaseTrail {
  readonly caseId: string;
  readonly streamId: string;
  readonly asOf?: AsOfBound;
  readonly entries: TrailEntry[];
}

const keepsUpTo = (asOf: AsOfBound = {}): ((event: StoredEvent) => boolean) => {
  const position = asOf.position ?? Infinity;
  const occurred = asOf.occurredAt === undefined ? Infinity : parseInstant(asOf.occurredAt);
  const recorded = asOf.recordedAt === undefined ? Infinity : parseInstant(asOf.recordedAt);
  return (event) =>
    event.globalPosition <= position &&
    (occurred === Infinity || parseInstant(event.occurredAt) <= occurred) &&
    (recorded === Infinity || parseInstant(event.recordedAt) <= recorded);
};

/**
 * The events of one stream as of a past point. Events of a stream are in non-decreasing order of
 * global position and of business time, so the view is a prefix: stop at the first event past it.
 */
export const streamPrefix = (events: readonly StoredEvent[], asOf?: AsOfBound): StoredEvent[] => {
  const keep = keepsUpTo(asOf);
  const out: StoredEvent[] = [];
  for (const event of events) {
    if (!keep(event)) break;
    out.push(event);
  }
  return out;
};

/** The audit trail of one case, reading only that case's stream (`case-<caseId>`). */
export const trailOf = async (store: EventStore, caseId: string, options: TrailOptions = {}): Promise<CaseTrail> => {
  const streamId = caseStream(caseId);
  const events = streamPrefix(await store.readStream(streamId), options.asOf);
  return {
    caseId,
    streamId,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    entries: events.map(trailEntryOf),
  };
};
