import { isLeft } from 'fp-ts/lib/Either';
import { v7 as uuidv7 } from 'uuid';
import { decodeEnvelope, isValidEnvelope } from '../events/decode';
import { ENVELOPE_FIELDS, type EventToAppend, type StoredEvent } from '../events/envelope';
import { CURRENT_SCHEMA_VERSION } from '../events/registry';
import { chainHash, hashedText, type HashAlgorithm } from '../integrity/hash';
import { canonicalCopy } from './seal-copy';
import { InvalidEventError } from './errors';

/** Where a stream stands before a batch: its length, the hash and business time of its last event. */
export interface StreamHead {
  length: number;
  lastHash: string;
  /** `occurredAt` of the last event in epoch milliseconds (−Infinity for an empty stream). */
  lastOccurredMs: number;
  lastOccurredAt: string | undefined;
}

/** A batch validated and sealed, not yet committed: events with their canonical texts. */
export interface SealedBatch {
  events: StoredEvent[];
  canonicals: string[];
  head: StreamHead;
}

export interface SealContext {
  streamId: string;
  head: StreamHead;
  /** Global position of the event before the batch. */
  lastGlobalPosition: number;
  algorithm: HashAlgorithm;
  now: () => string;
  /** Is this eventId already stored (in any stream)? */
  isStoredEventId: (eventId: string) => boolean;
}

/** Fields a writer may carry (import) that the store checks but assigns itself. */
interface ImportedLinks {
  streamId?: unknown;
  streamPosition?: unknown;
  globalPosition?: unknown;
  prevHash?: unknown;
  hash?: unknown;
}

/** The fields outside the hash (as in `hashedText`): the hash itself and each store's global position. */
const UNHASHED: ReadonlySet<string> = new Set(['hash', 'globalPosition']);
/** The hashed fields in canonical (RFC 8785) order. */
const HASHED_FIELDS: readonly string[] = ENVELOPE_FIELDS.filter((field) => !UNHASHED.has(field)).sort();
const KNOWN_FIELDS: ReadonlySet<string> = new Set(ENVELOPE_FIELDS);

const hasUnknownField = (input: object): boolean => {
  for (const field in input) if (!KNOWN_FIELDS.has(field)) return true;
  return false;
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/** The field the envelope codec and the event's data codec refuse, with the reason, if any. */
const envelopeFault = (input: EventToAppend & ImportedLinks, assigned: Record<string, unknown>) => {
  // Links an importer may carry are checked apart; globalPosition is each store's own.
  const { streamId: _stream, streamPosition: _position, globalPosition: _global, prevHash: _prev, hash: _hash, ...rest } = input;
  const decoded = decodeEnvelope({ ...rest, ...assigned });
  return isLeft(decoded) ? decoded.left : undefined;
};

/**
 * Validate and seal a batch for one stream without touching the store, so that a bad event in the
 * batch leaves nothing written (appends are atomic per call). Throws `InvalidEventError`.
 */
export const sealBatch = (ctx: SealContext, batch: readonly EventToAppend[]): SealedBatch => {
  const { streamId, algorithm } = ctx;
  let { length, lastHash, lastOccurredMs, lastOccurredAt } = ctx.head;
  const events: StoredEvent[] = [];
  const canonicals: string[] = [];
  const batchIds = batch.length > 1 ? new Set<string>() : undefined;
  for (let index = 0; index < batch.length; index++) {
    const input = batch[index] as EventToAppend & ImportedLinks;
    // Links an importer may carry are checked, never trusted.
    if (input.streamId !== undefined && input.streamId !== streamId) throw new InvalidEventError(streamId, 'streamId', `is ${JSON.stringify(input.streamId)}, appended to ${streamId}`, index);
    if (input.streamPosition !== undefined && input.streamPosition !== length) throw new InvalidEventError(streamId, 'streamPosition', `is ${JSON.stringify(input.streamPosition)}, the stream is at ${length}`, index);
    if (input.prevHash !== undefined && input.prevHash !== lastHash) throw new InvalidEventError(streamId, 'prevHash', `does not match the hash of the previous event (${lastHash})`, index);

    // The hashed fields, in canonical order, as the envelope codec checks them.
    const envelope = {
      actor: input.actor,
      causationId: input.causationId,
      commandId: input.commandId,
      correlationId: input.correlationId,
      data: input.data,
      eventId: input.eventId ?? uuidv7(),
      occurredAt: input.occurredAt,
      prevHash: lastHash,
      recordedAt: input.recordedAt ?? ctx.now(),
      schemaVersion: input.schemaVersion ?? CURRENT_SCHEMA_VERSION,
      streamId,
      streamPosition: length,
      type: input.type,
    };
    if (hasUnknownField(input) || !isValidEnvelope(envelope)) {
      const { eventId, recordedAt, schemaVersion } = envelope;
      const fault = envelopeFault(input, { eventId, schemaVersion, streamId, streamPosition: length, recordedAt });
      if (fault) throw new InvalidEventError(streamId, fault.field, fault.reason, index);
    }

    const { eventId } = envelope;
    if (ctx.isStoredEventId(eventId) || batchIds?.has(eventId)) throw new InvalidEventError(streamId, 'eventId', `${eventId} is already stored`, index);
    batchIds?.add(eventId);

    const occurredMs = Date.parse(input.occurredAt);
    // events.md "Time stamps": events of one stream are in non-decreasing occurredAt order.
    if (occurredMs < lastOccurredMs) throw new InvalidEventError(streamId, 'occurredAt', `${input.occurredAt} is before ${lastOccurredAt}, the previous event of the stream`, index);

    // One walk builds the stored object its text is written from; anything but plain JSON data takes
    // the general path. Either way the stored object equals JSON.parse of the hashed text.
    const fast = canonicalCopy(envelope, HASHED_FIELDS);
    const canonical = fast ? fast.canonical : hashedText(envelope);
    const hash = chainHash(algorithm, lastHash, canonical);
    if (input.hash !== undefined && input.hash !== hash) throw new InvalidEventError(streamId, 'hash', `does not match the recomputed hash ${hash}`, index);
    // What readers see is exactly what was hashed.
    const stored = (fast ? fast.copy : JSON.parse(canonical)) as StoredEvent;
    stored.hash = hash;
    stored.globalPosition = ctx.lastGlobalPosition + index + 1;
    events.push(fast ? Object.freeze(stored) : deepFreeze(stored));
    canonicals.push(canonical);
    length += 1;
    lastHash = hash;
    lastOccurredMs = occurredMs;
    lastOccurredAt = input.occurredAt;
  }
  return { events, canonicals, head: { length, lastHash, lastOccurredMs, lastOccurredAt } };
};
