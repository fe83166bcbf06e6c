import type { StreamHead } from '@banjian/core';
import { BACKWARDS, END, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { EMPTY_HEAD, headAfter } from '../postgres/stream-heads';
import { drain } from './drain';
import { toRecord, toStoredEvent } from './records';

/** Where a stream ends on the server: its last event read backwards (an absent stream is empty). */
export const readStreamHead = async (client: EventStoreDBClient, name: string, prefix: string): Promise<StreamHead> => {
  try {
    const [last] = await drain(client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    if (last) return headAfter(toStoredEvent(toRecord(last, prefix)));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return EMPTY_HEAD;
    throw error;
  }
  return EMPTY_HEAD;
};
