import { DEFAULT_HASH_ALGORITHM, type HashAlgorithm } from '@banjian/core';
import { jsonEvent, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import { HashAlgorithmMismatchError } from '../sqlite/errors';
import { drain } from './drain';

/**
 * The stream that records which hash the store chains with. Its name (`<prefix>_settings`) is
 * outside the pattern of our event streams, so it never shows in reads of the log.
 */
export const settingsStream = (prefix: string): string => `${prefix}_settings`;

const CHOSEN = 'HashAlgorithmChosen';

const readChosen = async (client: EventStoreDBClient, stream: string): Promise<HashAlgorithm | undefined> => {
  try {
    const [first] = await drain(client.readStream<{ type: typeof CHOSEN; data: { hashAlgorithm: HashAlgorithm } }>(stream, { maxCount: 1 }));
    return first?.event?.data.hashAlgorithm;
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return undefined;
};

/** The store's hash algorithm: the one recorded, or the one asked for (recorded by the first opener). */
export const resolveHashAlgorithm = async (client: EventStoreDBClient, prefix: string, requested: HashAlgorithm | undefined): Promise<HashAlgorithm> => {
  const stream = settingsStream(prefix);
  let stored = await readChosen(client, stream);
  if (stored === undefined) {
    const chosen = requested ?? DEFAULT_HASH_ALGORITHM;
    try {
      await client.appendToStream(stream, jsonEvent({ type: CHOSEN, data: { hashAlgorithm: chosen } }), { expectedRevision: NO_STREAM });
      stored = chosen;
    } catch (error) {
      // Another process recorded its choice first.
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      stored = await readChosen(client, stream);
    }
  }
  if (stored === undefined) throw new Error(`${stream}: no hash algorithm recorded`);
  if (requested !== undefined && requested !== stored) throw new HashAlgorithmMismatchError(`eventstoredb ${prefix}`, stored, requested);
  return stored;
};
