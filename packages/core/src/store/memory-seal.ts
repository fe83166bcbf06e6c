import { isLeft } from 'fp-ts/lib/Either';
import { v7 as uuidv7 } from 'uuid';
import { decodeEnvelope, isValidEnvelope } from '../events/decode';
import type { EventToAppend, StoredEvent } from '../events/envelope';
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

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
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
  const batchIds = new Set<string>();
  batch.forEach((input, index) => {
    const fail = (field: string, reason: string): never => {
      throw new InvalidEventError(streamId, field, reason, index);
    };
    // Links an importer may carry are checked, never trusted; globalPosition is each store's own.
    const { streamId: givenStream, streamPosition: givenPosition, globalPosition: _ignored, prevHash: givenPrev, hash: givenHash, ...rest } =
      input as EventToAppend & ImportedLinks;
    if (givenStream !== undefined && givenStream !== streamId) fail('streamId', `is ${JSON.stringify(givenStream)}, appended to ${streamId}`);
    if (givenPosition !== undefined && givenPosition !== length) fail('streamPosition', `is ${JSON.stringify(givenPosition)}, the stream is at ${length}`);
    if (givenPrev !== undefined && givenPrev !== lastHash) fail('prevHash', `does not match the hash of the previous event (${lastHash})`);

    const envelope: Record<string, unknown> = {
      ...rest,
      eventId: rest.eventId ?? uuidv7(),
      schemaVersion: rest.schemaVersion ?? CURRENT_SCHEMA_VERSION,
      streamId,
      streamPosition: length,
      recordedAt: rest.recordedAt ?? ctx.now(),
    };
    if (!isValidEnvelope(envelope)) {
      const decoded = decodeEnvelope(envelope);
      if (isLeft(decoded)) fail(decoded.left.field, decoded.left.reason);
    }

    const eventId = envelope.eventId as string;
    if (ctx.isStoredEventId(eventId) || batchIds.has(eventId)) fail('eventId', `${eventId} is already stored`);
    batchIds.add(eventId);

    const occurredMs = Date.parse(input.occurredAt);
    // events.md "Time stamps": events of one stream are in non-decreasing occurredAt order.
    if (occurredMs < lastOccurredMs) fail('occurredAt', `${input.occurredAt} is before ${lastOccurredAt}, the previous event of the stream`);

    envelope.prevHash = lastHash;
    // One walk writes the hashed text and the stored object; anything but plain JSON data takes the
    // general path. Either way the stored object equals JSON.parse of the hashed text.
    const fast = canonicalCopy(envelope, UNHASHED);
    const canonical = fast ? fast.canonical : hashedText(envelope);
    const hash = chainHash(algorithm, lastHash, canonical);
    if (givenHash !== undefined && givenHash !== hash) fail('hash', `does not match the recomputed hash ${hash}`);
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
  });
  return { events, canonicals, head: { length, lastHash, lastOccurredMs, lastOccurredAt } };
};
