import { randomUUID } from 'node:crypto';
import type { RawEventRecord, StoredEvent } from '@banjian/core';
import { binaryEvent, type EventData, type ResolvedEvent } from '@eventstore/db-client';
import { globalPositionOf } from './positions';
import { fromEsdbStreamName } from './stream-names';

/**
 * What an event carries besides its bytes. The data of an EventStoreDB event is the exact RFC 8785
 * text that was hashed (content type octet-stream, so no client or server re-serialises it);
 * verify hashes these stored bytes without parsing them.
 */
export interface ChainMetadata {
  format: typeof CANONICAL_FORMAT;
  prevHash: string;
  hash: string;
}

export const CANONICAL_FORMAT = 'banjian-rfc8785';

/**
 * One event as EventStoreDB takes it. Its EventStoreDB id is new for every attempt, not our
 * eventId: the server acknowledges a batch whose ids already follow the expected revision as a
 * repeat, storing nothing, and an append sealed on a stale head must be refused instead (our
 * eventId stays in the data, where the hash covers it).
 */
export const toEventData = (event: StoredEvent, canonical: string): EventData =>
  binaryEvent({
    id: randomUUID(),
    type: event.type,
    data: Buffer.from(canonical, 'utf8'),
    metadata: { format: CANONICAL_FORMAT, prevHash: event.prevHash, hash: event.hash } satisfies ChainMetadata,
  });

/** A recorded event read back: its stored bytes, chain links, stream and positions. */
export interface EsdbRecord {
  raw: RawEventRecord;
  type: string;
}

/** The event as stored, or an error naming what is not ours or not whole. */
export const toRecord = (resolved: ResolvedEvent, prefix: string): EsdbRecord => {
  const recorded = resolved.event;
  if (!recorded) throw new TypeError('an $all entry without an event (a link to a deleted event?)');
  const metadata = recorded.metadata as Partial<ChainMetadata> | undefined;
  if (recorded.isJson || !(recorded.data instanceof Uint8Array) || metadata?.format !== CANONICAL_FORMAT) {
    throw new TypeError(`${recorded.streamId}@${recorded.revision}: not an event this adapter wrote (no ${CANONICAL_FORMAT} metadata)`);
  }
  return {
    type: recorded.type,
    raw: {
      globalPosition: globalPositionOf(recorded.position),
      streamId: fromEsdbStreamName(recorded.streamId, prefix),
      streamPosition: Number(recorded.revision),
      canonical: Buffer.from(recorded.data.buffer, recorded.data.byteOffset, recorded.data.byteLength).toString('utf8'),
      prevHash: metadata.prevHash ?? '',
      hash: metadata.hash ?? '',
    },
  };
};

/** The stored object is parsed from the hashed text: what readers see is exactly what was hashed. */
export const toStoredEvent = ({ raw }: EsdbRecord): StoredEvent => {
  const event = JSON.parse(raw.canonical) as StoredEvent;
  event.hash = raw.hash;
  event.globalPosition = raw.globalPosition;
  return Object.freeze(event);
};

