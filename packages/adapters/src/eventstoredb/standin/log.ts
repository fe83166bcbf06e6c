/**
 * The in-memory model of an EventStoreDB node's log behind the stand-in: streams with revisions,
 * one transaction log (`$all`) with byte-offset positions, idempotent appends, filters, and live
 * listeners. It models what the adapter relies on, with the server's semantics, nothing more.
 */

export interface LoggedEvent {
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server stamps `created`. */
  created: bigint;
  /** The event's log position: its commit and prepare position alike (an implicitly committed write). */
  position: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export type ExpectedState = { kind: 'any' } | { kind: 'noStream' } | { kind: 'streamExists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | { kind: 'success'; currentRevision: bigint | undefined; position: bigint | undefined }
  | { kind: 'wrongExpectedVersion'; currentRevision: bigint | undefined; expected: ExpectedState };

/** A server-side `$all` filter: on the stream name or the event type, by regex or by prefixes. */
export interface EventFilter {
  on: 'streamName' | 'eventType';
  regex?: RegExp;
  prefixes?: readonly string[];
}

export const matchesFilter = (filter: EventFilter | undefined, event: LoggedEvent): boolean => {
  if (!filter) return true;
  const subject = filter.on === 'streamName' ? event.stream : event.type;
  if (filter.regex && !filter.regex.test(subject)) return false;
  if (filter.prefixes && filter.prefixes.length > 0 && !filter.prefixes.some((p) => subject.startsWith(p))) return false;
  return true;
};

/** A prepare record's header beside its payload, so positions advance like byte offsets (not dense). */
const RECORD_OVERHEAD = 86;
const TICKS_PER_MS = 10_000n;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

export type LogListener = (event: LoggedEvent) => void;

export const createStandInLog = () => {
  const all: LoggedEvent[] = [];
  const streams = new Map<string, LoggedEvent[]>();
  const listeners = new Set<LogListener>();
  let nextPosition = 0n;

  const currentRevision = (events: readonly LoggedEvent[] | undefined): bigint | undefined =>
    events && events.length > 0 ? BigInt(events.length - 1) : undefined;

  /** The events at `from`… carry exactly the proposed ids: a repeat of a write the server already took. */
  const repeats = (events: readonly LoggedEvent[], from: number, proposed: readonly ProposedEvent[]): boolean =>
    proposed.length > 0 && from >= 0 && from + proposed.length <= events.length && proposed.every((p, i) => events[from + i]?.id === p.id);

  const idempotentOutcome = (events: readonly LoggedEvent[], from: number, count: number): AppendOutcome => {
    const last = events[from + count - 1] as LoggedEvent;
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  };

  return {
    append(stream: string, expected: ExpectedState, proposed: readonly ProposedEvent[]): AppendOutcome {
      const events = streams.get(stream);
      const current = currentRevision(events);
      // Idempotence as the server does it: a batch whose ids already follow the expected revision
      // (or, under `any`, sit anywhere in the stream in the same order) is acknowledged, not stored again.
      if (events && proposed.length > 0) {
        const from =
          expected.kind === 'revision' ? Number(expected.revision) + 1
          : expected.kind === 'noStream' ? 0
          : expected.kind === 'any' ? events.findIndex((e) => e.id === proposed[0]?.id)
          : -1;
        if ((expected.kind !== 'revision' || expected.revision !== current) && repeats(events, from, proposed)) {
          return idempotentOutcome(events, from, proposed.length);
        }
      }
      const ok =
        expected.kind === 'any' ||
        (expected.kind === 'noStream' && current === undefined) ||
        (expected.kind === 'streamExists' && current !== undefined) ||
        (expected.kind === 'revision' && expected.revision === current);
      if (!ok) return { kind: 'wrongExpectedVersion', currentRevision: current, expected };
      if (proposed.length === 0) return { kind: 'success', currentRevision: current, position: undefined };

      const target = events ?? [];
      streams.set(stream, target);
      const created = BigInt(Date.now()) * TICKS_PER_MS;
      const written: LoggedEvent[] = [];
      for (const p of proposed) {
        const event: LoggedEvent = { ...p, stream, revision: BigInt(target.length), created, position: nextPosition };
        nextPosition += BigInt(RECORD_OVERHEAD + utf8Length(stream) + utf8Length(p.type) + p.data.length + p.metadata.length);
        target.push(event);
        all.push(event);
        written.push(event);
      }
      for (const event of written) for (const listener of listeners) listener(event);
      const last = written[written.length - 1] as LoggedEvent;
      return { kind: 'success', currentRevision: last.revision, position: last.position };
    },

    /** A stream's events from a revision, forwards or backwards; undefined when the stream does not exist. */
    readStream(stream: string, from: bigint | 'start' | 'end', direction: 'forwards' | 'backwards', count: number): LoggedEvent[] | undefined {
      const events = streams.get(stream);
      if (!events) return undefined;
      if (direction === 'forwards') {
        const start = from === 'start' ? 0 : from === 'end' ? events.length : Number(from);
        return events.slice(start, start + count);
      }
      const start = from === 'end' ? events.length - 1 : from === 'start' ? 0 : Math.min(Number(from), events.length - 1);
      const out: LoggedEvent[] = [];
      for (let i = start; i >= 0 && out.length < count; i--) out.push(events[i] as LoggedEvent);
      return out;
    },

    /**
     * `$all` as the server reads it: forwards from a position *including* the event there,
     * backwards from a position *excluding* it (the server's `>= pos` and `< pos`).
     */
    readAll(from: bigint | 'start' | 'end', direction: 'forwards' | 'backwards', count: number, filter?: EventFilter): LoggedEvent[] {
      const out: LoggedEvent[] = [];
      if (direction === 'forwards') {
        for (const event of all) {
          if (out.length >= count) break;
          if (from === 'end' || (from !== 'start' && event.position < from)) continue;
          if (matchesFilter(filter, event)) out.push(event);
        }
        return out;
      }
      for (let i = all.length - 1; i >= 0 && out.length < count; i--) {
        const event = all[i] as LoggedEvent;
        if (from === 'start' || (from !== 'end' && event.position >= from)) continue;
        if (matchesFilter(filter, event)) out.push(event);
      }
      return out;
    },

    /** The events a subscription catches up with: after a position (exclusive), or all from the start. */
    eventsAfter(from: bigint | 'start' | 'end', filter?: EventFilter): LoggedEvent[] {
      if (from === 'end') return [];
      return all.filter((e) => (from === 'start' || e.position > from) && matchesFilter(filter, e));
    },

    /** The position the next record will take (the log's end). */
    get endPosition(): bigint {
      return nextPosition;
    },

    get size(): number {
      return all.length;
    },

    listen(listener: LogListener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
};

export type StandInLog = ReturnType<typeof createStandInLog>;
