import { chinaCalendar, createCommandEngine, createWorkClock, decodeCommand, type CommandEngine, type WorkClock, type EventStore, type ExpectedVersion } from '@banjian/core';
import { isLeft } from 'fp-ts/lib/Either';
import { actorMismatch, type Principal } from './auth';
import type { CaseIndex } from './case-index';
import type { Deciders } from './deciders';
import { badRequest, errorReply, type ErrorReply } from './http-errors';
import { hashQueryCode, newQueryCode, type QueryCodeStore } from './query-codes';
import { hallTree } from './scope';

export interface CommandReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * The header naming the global position of a command's last event: a client that wants to read
 * its own write sends it back as `X-Banjian-Min-Checkpoint` (see `service.ts`).
 */
export const POSITION_HEADER = 'x-banjian-position';

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

export interface CommandEndpointOptions {
  readonly maxRetries?: number;
  /** The service's clock: business time of every command and the bound of the engine. */
  readonly now: () => Date;
  /** How far a declared `metadata.at` may lie from the clock before it must be a late entry 补录. */
  readonly maxSkewMs?: number;
  readonly codes: QueryCodeStore;
  readonly cases: CaseIndex;
}

const RESTAMPS = 3;
const behindPrevious = (error: unknown): boolean => (error as { rule?: unknown }).rule === 'businessTime.notBeforePreviousEvent';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * POST /commands: the actor is the credential's (a body `actor` naming anyone else is refused 403),
 * the business time the server's clock's unless the body declares one within the engine's skew
 * (older ones go through `RecordLateEntry`, which the policy gives only to some roles). Then decode,
 * route to the command's stream and decider, run through the engine. A repeated commandId answers
 * what it did the first time and appends nothing. A new application gets its query code 查询码 in
 * the reply, once: only a salted hash of it is kept.
 */
export const createCommandEndpoint = (store: EventStore, deciders: Deciders, options: CommandEndpointOptions) => {
  const clock = () => options.now().toISOString();
  const engineOptions = { now: clock, ...(options.maxSkewMs === undefined ? {} : { maxSkewMs: options.maxSkewMs }) };
  const engine: CommandEngine = createCommandEngine({ store, ...engineOptions, ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }) });

  const zoneClocks = new Map<string, WorkClock>();
  /** Now, as a wall time in the principal's hall zone (Asia/Shanghai when it has none). */
  const stamp = (principal: Principal): string => {
    const zone = (principal.hallId && deciders.directory.hall(principal.hallId)?.timeZone) || 'Asia/Shanghai';
    if (!zoneClocks.has(zone)) zoneClocks.set(zone, createWorkClock({ calendar: chinaCalendar(), zone }));
    return zoneClocks.get(zone)!.toInstant(options.now().getTime());
  };

  /**
   * A hall-bound system console (a token with a hall) administers its hall tree only: the hall a
   * command names, or the hall of the case it acts on, must be in it. Staff need no such check: the
   * policy looks them up at the command's hall.
   */
  const outsideHallTree = async (principal: Principal, data: unknown): Promise<CommandReply | undefined> => {
    if (principal.actor.kind !== 'system' || principal.hallId === undefined) return undefined;
    const fields = data as { hallId?: unknown; caseId?: unknown };
    const hallId = typeof fields.hallId === 'string' ? fields.hallId : typeof fields.caseId === 'string' ? (await options.cases.byId(fields.caseId))?.hallId : undefined;
    if (hallId === undefined || hallTree(deciders.directory, principal.hallId).has(hallId)) return undefined;
    return { status: 403, body: { kind: 'forbidden', rule: 'auth.system.outsideHallTree', actor: principal.actor, message: `the console of hall ${principal.hallId} does not act for hall ${hallId}` } };
  };

  return async (input: unknown, principal: Principal, ifMatch?: ExpectedVersion): Promise<CommandReply> => {
    if (!isRecord(input)) return badRequest('(body)', 'a command is a JSON object {type, data, metadata}');
    const metadata = input.metadata === undefined ? {} : input.metadata;
    if (!isRecord(metadata)) return badRequest('metadata', 'expected an object {commandId, at?, actor?}');
    await deciders.refresh();
    const mismatch = actorMismatch(metadata.actor, principal);
    if (mismatch) return mismatch;
    const withIdentity = { ...input, metadata: { ...metadata, actor: principal.actor, at: metadata.at ?? stamp(principal) } };
    const decoded = decodeCommand(withIdentity);
    if (isLeft(decoded)) return errorReply(decoded.left);
    const command = decoded.right;
    const outside = await outsideHallTree(principal, command.data);
    if (outside) return outside;
    const handler = deciders.handlerOf(command);
    const streamId = handler.streamId(command);
    // A client-held version gets its own engine with no retries: the version it names is fixed.
    const run = ifMatch === undefined ? engine : createCommandEngine({ store: expectingVersion(store, streamId, ifMatch), maxRetries: 0, cacheSize: 0, ...engineOptions });
    let result = await run.handle(handler, command);
    // The server stamped the time: a command another process (or request) stamped a moment later
    // but appended first is no reason to refuse this one. Stamp it again, a few times at most.
    for (let again = 0; metadata.at === undefined && again < RESTAMPS && isLeft(result) && behindPrevious(result.left); again++) {
      result = await run.handle(handler, { ...command, metadata: { ...command.metadata, at: stamp(principal) } });
    }
    if (isLeft(result)) return errorReply(result.left);
    const { events, nextExpectedVersion, alreadyDone } = result.right;
    const reply = { streamId, version: nextExpectedVersion, alreadyDone, events };
    const last = events[events.length - 1];
    const headers = last ? { [POSITION_HEADER]: String(last.globalPosition) } : undefined;
    if (alreadyDone || command.type !== 'SubmitApplication') return { status: alreadyDone ? 200 : 201, body: reply, ...(headers ? { headers } : {}) };
    const queryCode = newQueryCode();
    await options.codes.put((command.data as { caseId: string }).caseId, await hashQueryCode(queryCode));
    return { status: 201, body: { ...reply, queryCode }, ...(headers ? { headers } : {}) };
  };
};

/** POST /cases/:id/query-code — a new query code for a case (the applicant lost theirs); the old one stops working. */
export const reissueQueryCode = async (codes: QueryCodeStore, caseId: string): Promise<CommandReply> => {
  const queryCode = newQueryCode();
  await codes.put(caseId, await hashQueryCode(queryCode));
  return { status: 201, body: { caseId, queryCode } };
};
