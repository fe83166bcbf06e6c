import * as t from 'io-ts';
import { Actor, closed, Instant, NonEmptyString, NonNegativeInteger } from './primitives';
import type { EventDataOf, EventType } from './registry';

const envelopeRequired = {
  eventId: NonEmptyString,
  type: NonEmptyString,
  schemaVersion: NonNegativeInteger,
  streamId: NonEmptyString,
  streamPosition: NonNegativeInteger,
  occurredAt: Instant,
  recordedAt: Instant,
  actor: Actor,
  data: t.UnknownRecord,
};
const envelopeOptional = {
  globalPosition: NonNegativeInteger,
  correlationId: NonEmptyString,
  causationId: NonEmptyString,
  commandId: NonEmptyString,
  prevHash: NonEmptyString,
  hash: NonEmptyString,
};

/** The stored envelope of every event (spec §3.1); `data` is checked per type by the registry. */
export const EnvelopeCodec = closed('Envelope', envelopeRequired, envelopeOptional);

/** Every field an envelope may have (the codec is closed: any other is an error). */
export const ENVELOPE_FIELDS: readonly string[] = [...Object.keys(envelopeRequired), ...Object.keys(envelopeOptional)];

export interface Metadata {
  occurredAt: string;
  actor: Actor;
  correlationId?: string;
  causationId?: string;
  commandId?: string;
}

/** An event of one type as a decider emits it: type and data, no envelope yet. */
export interface DomainEvent<K extends EventType = EventType> {
  type: K;
  data: EventDataOf<K>;
}

/** Any event as a decider emits it (a union over all types, narrowed by `type`). */
export type AnyDomainEvent = { [K in EventType]: DomainEvent<K> }[EventType];

/** An event as written to a store: the decider's event plus metadata; ids and time may be given (import). */
export type EventToAppend = AnyDomainEvent &
  Metadata & { eventId?: string; recordedAt?: string; schemaVersion?: number };

/** An event as a store holds it: the full envelope with positions and the hash chain. */
export type StoredEvent<E extends { type: string; data: unknown } = AnyDomainEvent> = E &
  Metadata & {
    eventId: string;
    schemaVersion: number;
    streamId: string;
    streamPosition: number;
    globalPosition: number;
    recordedAt: string;
    prevHash: string;
    hash: string;
  };

/** A stored event narrowed to one type. */
export type StoredEventOf<K extends EventType> = StoredEvent<DomainEvent<K>>;
