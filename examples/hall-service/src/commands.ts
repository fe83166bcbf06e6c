import { createCommandEngine, decodeCommand, type CommandEngine, type EventStore, type ExpectedVersion } from '@banjian/core';
import { isLeft } from 'fp-ts/lib/Either';
import type { Deciders } from './deciders';
import { badRequest, errorReply, type ErrorReply } from './http-errors';

export interface CommandReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Appends with the client's expected version instead of the engine's: `If-Match` says "decide only
 * if the stream is still where I last saw it", so a stale client gets a concurrency error, not a retry.
 */
const expectingVersion = (store: EventStore, streamId: string, expected: ExpectedVersion): EventStore => ({
  ...store,
  appendToStream: (id, events, options) => store.appendToStream(id, events, id === streamId ? { ...options, expectedVersion: expected } : options),
});

/** `If-Match: "3"` (or `3`): the stream version the client decided from; `-1` = no stream yet. */
export const parseIfMatch = (header: string | undefined): ExpectedVersion | ErrorReply | undefined => {
  if (header === undefined) return undefined;
  const text = header.trim().replace(/^"(.*)"$/, '$1');
  if (!/^-?\d+$/.test(text) || Number(text) < -1) return badRequest('If-Match', `expected a stream version (a whole number ≥ -1), got ${JSON.stringify(header)}`);
  return Number(text) === -1 ? 'noStream' : Number(text);
};

/**
 * POST /commands: decode at the boundary, route to the command's stream and decider, run through
 * the engine. A repeated commandId answers what it did the first time and appends nothing.
 */
export const createCommandEndpoint = (store: EventStore, deciders: Deciders, options: { maxRetries?: number } = {}) => {
  const engine: CommandEngine = createCommandEngine({ store, ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }) });
  return async (input: unknown, ifMatch?: ExpectedVersion): Promise<CommandReply> => {
    const decoded = decodeCommand(input);
    if (isLeft(decoded)) return errorReply(decoded.left);
    const command = decoded.right;
    await deciders.refresh();
    const handler = deciders.handlerOf(command);
    const streamId = handler.streamId(command);
    // A client-held version gets its own engine with no retries: the version it names is fixed.
    const run = ifMatch === undefined ? engine : createCommandEngine({ store: expectingVersion(store, streamId, ifMatch), maxRetries: 0, cacheSize: 0 });
    const result = await run.handle(handler, command);
    if (isLeft(result)) return errorReply(result.left);
    const { events, nextExpectedVersion, alreadyDone } = result.right;
    return { status: alreadyDone ? 200 : 201, body: { streamId, version: nextExpectedVersion, alreadyDone, events } };
  };
};
