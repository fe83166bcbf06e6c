import { hasRawEvents, type EventStore, type RawEventRecord } from '../store/port';

/**
 * One NDJSON line of a stored event: the stored canonical text with its global position and hash
 * added. The bytes that were hashed are written as they are, so an import recomputes the same hash.
 */
export const lineOfRecord = (r: RawEventRecord): string => `{"globalPosition":${r.globalPosition},${r.canonical.slice(1, -1)},"hash":"${r.hash}"}`;

/**
 * The complete log as NDJSON lines (spec §7), in global order, each with globalPosition,
 * prevHash and hash; no trailing newlines (the writer adds them).
 */
export async function* exportEventLog(store: EventStore, options: { after?: number } = {}): AsyncGenerator<string> {
  if (hasRawEvents(store)) {
    for await (const record of store.readRaw(options)) yield lineOfRecord(record);
    return;
  }
  for await (const event of store.readAll(options)) yield JSON.stringify(event);
}
