import {
  actualVersion,
  ConcurrencyError,
  InvalidEventError,
  matchesExpected,
  sealBatch,
  type AppendResult,
  type EventToAppend,
  type ExpectedVersion,
  type HashAlgorithm,
  type StoredEvent,
  type StreamHead,
} from '@banjian/core';
import { BACKWARDS, WrongExpectedVersionError, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { StreamHeadCache } from '../postgres/stream-heads';
import { createStreamLocks } from '../postgres/stream-locks';
import { drain } from './drain';
import { globalPositionOf } from './positions';
import { toEventData } from './records';
import { concurrencyErrorOf, revisionOfLength } from './revisions';
import { readStreamHead } from './stream-head';
import { StreamNameError, toEsdbStreamName } from './stream-names';

export interface AppenderContext {
  client: EventStoreDBClient;
  prefix: string;
  heads: StreamHeadCache;
  algorithm: HashAlgorithm;
  now: () => string;
  /** The head of the whole log, for an empty append (which stores nothing). */
  lastPosition: () => Promise<number>;
}

const MAX_ATTEMPTS = 50;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
const notKnownHere = () => false;

/** The writer pinned the stream (exact version or no stream): a refusal is theirs, not a stale head of ours. */
const pinsTheStream = (expected: ExpectedVersion | undefined): boolean => typeof expected === 'number' || expected === 'noStream';

/**
 * Appends one stream's events: seal the batch on the stream's head as this process knows it
 * (reading the head only when unknown), then append with the head's *exact* revision, whatever the
 * writer expected: the chain links to the event the batch was sealed on, so the server must refuse
 * the batch if anything else was appended meanwhile. A refusal under `any`/`streamExists` only means
 * our head was stale: read it and seal again. Under an exact version or `noStream` it is the
 * writer's conflict: `ConcurrencyError` with the server's current revision.
 */
export const createAppender = (context: AppenderContext) => {
  const { client, prefix, heads } = context;
  const inTurn = createStreamLocks();

  const freshHead = async (streamId: string, name: string): Promise<StreamHead> => {
    const head = await readStreamHead(client, name, prefix);
    heads.forget(streamId);
    heads.offer(streamId, head);
    return head;
  };

  const attempt = async (streamId: string, name: string, events: readonly EventToAppend[], expected: ExpectedVersion | undefined, fresh: boolean) => {
    const cached = fresh ? undefined : heads.get(streamId);
    let head = cached ?? (await freshHead(streamId, name));
    // The cache may only be behind: look at the stream itself before refusing.
    if (cached && !matchesExpected(expected, cached.length)) head = await freshHead(streamId, name);
    if (!matchesExpected(expected, head.length)) throw new ConcurrencyError(streamId, expected ?? 'any', actualVersion(head.length));

    const sealed = sealBatch({ streamId, head, lastGlobalPosition: 0, algorithm: context.algorithm, now: context.now, isStoredEventId: notKnownHere }, events);
    if (sealed.events.length === 0) {
      return { nextExpectedVersion: head.length - 1, lastGlobalPosition: await context.lastPosition(), events: [] } satisfies AppendResult;
    }
    const data = sealed.events.map((event, i) => toEventData(event, sealed.canonicals[i] as string));
    let written;
    try {
      written = await client.appendToStream(name, data, { expectedRevision: revisionOfLength(head.length) });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      heads.forget(streamId);
      if (pinsTheStream(expected)) throw concurrencyErrorOf(error, streamId, expected);
      return 'retry' as const;
    }
    heads.offer(streamId, sealed.head);
    const positions = await positionsOfBatch(client, written.position, data.map((d) => d.id));
    const stored = sealed.events.map((event, i): StoredEvent => Object.freeze({ ...event, globalPosition: positions[i] as number }));
    return { nextExpectedVersion: sealed.head.length - 1, lastGlobalPosition: positions[positions.length - 1] as number, events: stored } satisfies AppendResult;
  };

  return (streamId: string, events: readonly EventToAppend[], expected: ExpectedVersion | undefined): Promise<AppendResult> => {
    let name: string;
    try {
      name = toEsdbStreamName(streamId, prefix);
    } catch (error) {
      if (error instanceof StreamNameError) return Promise.reject(new InvalidEventError(streamId, 'streamId', error.reason));
      throw error;
    }
    return inTurn([streamId], async () => {
      for (let i = 1; ; i++) {
        const result = await attempt(streamId, name, events, expected, i > 1);
        if (result !== 'retry') return result;
        if (i >= MAX_ATTEMPTS) throw new Error(`append to ${streamId}: still racing other writers after ${i} attempts`);
        await backoff(i);
      }
    });
  };
};

/**
 * The global positions of a batch just written. The server reports the position of the last event;
 * the events of one append lie together in the log, so the others are the events right before it
 * in `$all` (read backwards from it and matched by id).
 */
const positionsOfBatch = async (client: EventStoreDBClient, last: Position | undefined, esdbIds: readonly string[]): Promise<number[]> => {
  const lastPosition = globalPositionOf(last);
  if (esdbIds.length === 1 || last === undefined) return esdbIds.map(() => lastPosition);
  const earlier: number[] = [];
  const ids = esdbIds.slice(0, -1).reverse();
  for (const resolved of await drain(client.readAll({ direction: BACKWARDS, fromPosition: last, maxCount: esdbIds.length }))) {
    const event = resolved.event;
    if (!event?.position || event.position.commit >= last.commit) continue;
    if (event.id !== ids[earlier.length]) break;
    earlier.push(globalPositionOf(event.position));
    if (earlier.length === ids.length) break;
  }
  if (earlier.length !== ids.length) throw new Error(`append: the server reported position ${last.commit}, but the batch's earlier events are not right before it in $all`);
  return [...earlier.reverse(), lastPosition];
};
