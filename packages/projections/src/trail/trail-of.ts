import { caseStream, parseInstant, type EventStore, type StoredEvent } from '@banjian/core';
import { trailEntryOf, type TrailEntry } from './entry';

/**
 * A past point of view: the log up to a global position (inclusive), or up to an instant (inclusive)
 * of the events' business time (`occurredAt`, default) or of their recording (`recordedAt`: what
 * the log held then, for an auditor checking what was known on a day).
 */
export type TrailAsOf =
  | { readonly position: number }
  | { readonly at: string | number; readonly by?: 'occurredAt' | 'recordedAt' };

export interface TrailOptions {
  readonly asOf?: TrailAsOf;
}

/** A case's audit trail: its stream's events in stream order, each as a readable, hash-sealed entry. */
export interface CaseTrail {
  readonly caseId: string;
  readonly streamId: string;
  readonly asOf?: TrailAsOf;
  readonly entries: TrailEntry[];
}

const keepsUpTo = (asOf: TrailAsOf | undefined): ((event: StoredEvent) => boolean) => {
  if (asOf === undefined) return () => true;
  if ('position' in asOf) return (event) => event.globalPosition <= asOf.position;
  const limit = typeof asOf.at === 'number' ? asOf.at : parseInstant(asOf.at);
  const by = asOf.by ?? 'occurredAt';
  return (event) => parseInstant(event[by]) <= limit;
};

/**
 * The events of one stream as of a past point. Events of a stream are in non-decreasing order of
 * global position and of business time, so the view is a prefix: stop at the first event past it.
 */
export const streamPrefix = (events: readonly StoredEvent[], asOf?: TrailAsOf): StoredEvent[] => {
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
