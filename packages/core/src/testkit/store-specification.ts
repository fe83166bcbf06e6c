import { deepStrictEqual } from 'node:assert';
import { isLeft } from 'fp-ts/lib/Either';
import type { Command } from '../decider/decider';
import { createCommandEngine, type CommandEngineOptions } from '../engine/engine';
import type { CommandHandler, EngineError, Handled } from '../engine/types';
import type { AnyDomainEvent, EventToAppend } from '../events/envelope';
import { createInMemoryEventStore } from '../store/memory';
import type { EventStore } from '../store/port';
import { assertErrorMatches, assertEvents, fail, failUnexpectedError, failUnexpectedSuccess, type ErrorMatcher } from './assertions';
import { recordGiven, type GivenEvent } from './given-events';

export interface StoreOutcome<E extends AnyDomainEvent, S> {
  store: EventStore;
  result: Handled<E, S>;
}

export interface StoreThen<E extends AnyDomainEvent, S, Err> {
  /** The command appends exactly these events (type and data) with its metadata; resolves to the store and result. */
  then(expected: readonly E[]): Promise<StoreOutcome<E, S>>;
  /** The command is refused (decider, decode, store or concurrency error) with a matching error; the stream is unchanged. */
  thenError(matcher: ErrorMatcher<EngineError<Err>>): Promise<void>;
  /** The command succeeds and appends nothing. */
  thenNothing(): Promise<void>;
}

export interface StoreGiven<C, E extends AnyDomainEvent, S, Err> {
  /** Events already stored: in the command's stream unless `streamId` names another. */
  given(events: readonly GivenEvent<AnyDomainEvent>[], streamId?: string): StoreGiven<C, E, S, Err>;
  /** Note: the returned object has a `then` method, so do not `await` it. */
  when(command: C): StoreThen<E, S, Err>;
}

export interface GivenStoreOptions extends Omit<CommandEngineOptions, 'store'> {
  /** The store to run against (default: a fresh in-memory store). */
  store?: EventStore;
}

/**
 * Run a command end to end (engine + store) and check what it appended:
 * `await givenStore(handler).given(history).when(command).then(events)`.
 */
export const givenStore = <C extends Command, E extends AnyDomainEvent, S, Err>(
  handler: CommandHandler<C, E, S, Err>,
  options: GivenStoreOptions = {},
): StoreGiven<C, E, S, Err> => {
  const build = (history: readonly { events: readonly GivenEvent<AnyDomainEvent>[]; streamId?: string }[]): StoreGiven<C, E, S, Err> => ({
    given: (events, streamId) => build([...history, { events, streamId }]),
    when(command) {
      const run = async () => {
        const { store: given, ...engineOptions } = options;
        const store = given ?? createInMemoryEventStore();
        const streamId = handler.streamId(command);
        for (const group of history) {
          const recorded = recordGiven(group.events, command.metadata.at).map(({ streamPosition: _position, ...event }) => event);
          await store.appendToStream(group.streamId ?? streamId, recorded as EventToAppend[]);
        }
        const before = (await store.readStream(streamId)).length;
        // The scenario runs on simulated time: unless told otherwise, the engine's clock stands at the command.
        const now = engineOptions.now ?? (() => command.metadata.at);
        const result = await createCommandEngine({ ...engineOptions, now, store }).handle(handler, command);
        const appended = await store.readStream(streamId, { from: before });
        return { store, result, appended };
      };
      return {
        async then(expected) {
          const { store, result, appended } = await run();
          if (isLeft(result)) return failUnexpectedError(result.left, expected);
          if (result.right.alreadyDone) fail(`expected new events, but command ${command.metadata.commandId} was already done`, result.right, expected);
          assertEvents(result.right.events, expected);
          deepStrictEqual(appended, result.right.events, 'the store holds other events than the engine reported');
          for (const event of appended) {
            deepStrictEqual(
              { occurredAt: event.occurredAt, actor: event.actor, commandId: event.commandId },
              { occurredAt: command.metadata.at, actor: command.metadata.actor, commandId: command.metadata.commandId },
              `event ${event.type} does not carry the command's metadata`,
            );
          }
          return { store, result: result.right };
        },
        async thenError(matcher) {
          const { result, appended } = await run();
          if (!isLeft(result)) return failUnexpectedSuccess(result.right, matcher);
          assertErrorMatches(result.left, matcher);
          assertEvents(appended, []);
        },
        async thenNothing() {
          const { result, appended } = await run();
          if (isLeft(result)) return failUnexpectedError(result.left, []);
          assertEvents(result.right.events, []);
          assertEvents(appended, []);
        },
      };
    },
  });
  return build([]);
};
