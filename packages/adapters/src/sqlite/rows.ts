import type { RawEventRecord, StoredEvent } from '@banjian/core';

/** `[global_position, canonical, hash]`: enough to rebuild a stored event from its hashed text. */
export type EventRow = [number, string, string];
export const EVENT_COLUMNS = 'global_position, canonical, hash';

/** The stored event is the hashed text plus the two fields outside the hash. */
export const eventFromRow = (row: EventRow): StoredEvent => {
  const event = JSON.parse(row[1]) as StoredEvent;
  event.globalPosition = row[0];
  event.hash = row[2];
  return event;
};

/**
 * The stored bytes with the columns readers use beside them (type for filtered reads, event id for
 * duplicate checks, occurred_at for the stream's time order: SQLite keeps all three, PostgreSQL the
 * first two), so verify holds each column to the hashed text.
 */
export type RawRow = [number, string, number, string, string, string, string, string, string?];
export const RAW_COLUMNS = 'global_position, stream_id, stream_position, canonical, prev_hash, hash, type, event_id, occurred_at';
export const POSTGRES_RAW_COLUMNS = 'global_position, stream_id, stream_position, canonical, prev_hash, hash, type, event_id';

export const rawFromRow = (row: RawRow): RawEventRecord => ({
  globalPosition: row[0],
  streamId: row[1],
  streamPosition: row[2],
  canonical: row[3],
  prevHash: row[4],
  hash: row[5],
  type: row[6],
  eventId: row[7],
  occurredAt: row[8],
});
