import { isLeft, left, right } from 'fp-ts/lib/Either';
import type { Command, CommandMetadata } from '../decider/decider';
import type { AnyDomainEvent, EventToAppend, StoredEvent } from '../events/envelope';
import { ConcurrencyError, InvalidEventError } from '../store/errors';
import type { EventStore } from '../store/port';
import { businessTimeRefusal, DEFAULT_MAX_SKEW_MS, type DeclaredTimes } from './business-time';
import { createStreamCache, foldInto, type StateFolder } from './stream-cache';
import type { CommandHandler, DecodingCommandHandler, EngineConcurrencyError, HandleResult, LoadedState } from './types';

export interface CommandEngineOptions {
  store: EventStore;
  /** How many times a command is decided again after a concurrent append (default 3). */
  maxRetries?: number;
  /**
   * The engine's clock (default: the system clock). It stamps every event's `recordedAt`, is the
   * business time of a command that carries no `metadata.at`, and bounds the business times a
   * command declares. Inject a simulated clock to run on simulated time (simulator, tests).
   */
  now?: () => string;
  /**
   * How far (ms) a declared business time may lie from the engine's clock, either way; anything
   * older is a late entry 补录 (`RecordLateEntry`).
   * @defaultValue 300000 (5 minutes)
   */
  maxSkewMs?: number;
  /** How many stream snapshots to keep (LRU, default 1000; 0 = fold every stream from its start). */
  cacheSize?: number;
}

export interface CommandEngine {
  /** Decode (when the handler decodes), load, decide, append; retried on concurrent appends. */
  handle<C extends Command, E extends AnyDomainEvent, S, Err>(handler: DecodingCommandHandler<C, E, S, Err>, input: unknown): Promise<HandleResult<E, S, Err>>;
  handle<C extends Command, E extends AnyDomainEvent, S, Err>(handler: CommandHandler<C, E, S, Err>, command: C): Promise<HandleResult<E, S, Err>>;
  /** A stream's current state and version (for read APIs); nothing is decided or written. */
  load<S>(source: StateFolder<S> | { decider: StateFolder<S> }, streamId: string): Promise<LoadedState<S>>;
}

/** The metadata every event of a command carries (architecture.md: `at` becomes `occurredAt`). */
const eventMetadata = (metadata: CommandMetadata, now: string) => ({
  occurredAt: metadata.at ?? now,
  actor: metadata.actor,
  commandId: metadata.commandId,
  correlationId: metadata.correlationId ?? metadata.commandId,
  // The command is what caused its events, unless the caller names an earlier message.
  causationId: metadata.causationId ?? metadata.commandId,
});

const expectedFor = (version: number) => (version < 0 ? ('noStream' as const) : version);

const concurrencyFailure = (streamId: string, attempts: number, error: ConcurrencyError): EngineConcurrencyError => ({
  kind: 'concurrency',
  streamId,
  attempts,
  expected: error.expected,
  actual: error.actual,
  message: `stream ${streamId} changed under the command ${attempts} times (last: expected ${String(error.expected)}, found ${String(error.actual)})`,
});

/**
 * The command engine: for each command, decide on the stream's state (a cached snapshot, or the stream
 * read from the store), and append with the version it decided from as the expected version.
 */
export const createCommandEngine = (options: CommandEngineOptions): CommandEngine => {
  const { store } = options;
  const maxRetries = options.maxRetries ?? 3;
  const now = options.now ?? (() => new Date().toISOString());
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (!(maxSkewMs >= 0)) throw new RangeError(`maxSkewMs must be 0 or more, got ${maxSkewMs}`);
  const cache = createStreamCache(store, options.cacheSize ?? 1000);

  const handle = async <C extends Command, E extends AnyDomainEvent, S, Err>(
    handler: CommandHandler<C, E, S, Err>,
    input: unknown,
  ): Promise<HandleResult<E, S, Err>> => {
    let command = input as C;
    if (handler.decode) {
      const decoded = handler.decode(input);
      if (isLeft(decoded)) return decoded;
      command = decoded.right;
    }
    const { decider } = handler;
    const streamId = handler.streamId(command);
    // One reading of the clock per command: what it bounds and what it stamps agree.
    const recordedAt = now();
    const metadata = eventMetadata(command.metadata, recordedAt);
    const extra = handler.declaredTimes?.(command);
    const declared: DeclaredTimes = {
      lateEntry: extra?.lateEntry ?? false,
      times: [{ field: 'metadata.at', at: metadata.occurredAt }, ...(extra?.times ?? [])],
    };
    // The decider sees the engine's recording time (a late entry records it); no caller sets it.
    const decided = { ...command, metadata: { ...command.metadata, at: metadata.occurredAt, recordedAt } } as C;
    let lastConflict: ConcurrencyError | undefined;
    // The first attempt decides on the cached snapshot without reading (one round trip: the append),
    // or, for a stream the cache does not know, on the initial state (a new stream: appended with
    // `noStream`). Anything but a successful append from an unverified snapshot is decided again on
    // the stored state, and that optimistic attempt does not count as a retry.
    let optimistic = cache.peek(decider, streamId) ?? cache.fresh(decider);

    for (let retries = 0; retries <= maxRetries; ) {
      const verified = optimistic === undefined;
      const snapshot = optimistic ?? (await cache.load(decider, streamId));
      optimistic = undefined;
      const { version, state } = snapshot;
      const earlier = snapshot.byCommand.get(metadata.commandId);
      if (earlier) return right({ events: earlier as StoredEvent<E>[], nextExpectedVersion: version, alreadyDone: true, state });

      const timeRefusal = businessTimeRefusal({
        command: command.type, commandId: metadata.commandId, streamId, declared, now: recordedAt, maxSkewMs, previousAt: snapshot.lastOccurredAt,
      });
      if (timeRefusal && !verified) continue;
      if (timeRefusal) return left(timeRefusal);

      const decision = decider.decide(decided, state);
      if (!verified && (isLeft(decision) || decision.right.length === 0)) continue;
      if (isLeft(decision)) return decision;
      if (decision.right.length === 0) return right({ events: [], nextExpectedVersion: version, alreadyDone: false, state });

      const actor = handler.actorOf?.(command, state) ?? metadata.actor;
      const toAppend = decision.right.map((event) => ({ type: event.type, data: event.data, ...metadata, actor, recordedAt }) as EventToAppend);
      try {
        const appended = await store.appendToStream(streamId, toAppend, { expectedVersion: expectedFor(version) });
        const events = appended.events as StoredEvent<E>[];
        // The snapshot usually still stands at `version`; if another command moved it on, fold our own events.
        let after: S;
        if (snapshot.version === version) {
          foldInto(snapshot, appended.events);
          cache.adopt(streamId, snapshot);
          after = snapshot.state;
        } else {
          after = events.reduce((s, e) => decider.evolve(s, e), state);
        }
        return right({ events, nextExpectedVersion: appended.nextExpectedVersion, alreadyDone: false, state: after });
      } catch (error) {
        if (error instanceof InvalidEventError) return left(error);
        if (!(error instanceof ConcurrencyError)) throw error;
        lastConflict = error;
        if (verified) retries++;
      }
    }
    return left(concurrencyFailure(streamId, maxRetries + 1, lastConflict as ConcurrencyError));
  };

  return {
    handle: handle as CommandEngine['handle'],
    async load<S>(source: StateFolder<S> | { decider: StateFolder<S> }, streamId: string): Promise<LoadedState<S>> {
      const decider = 'decider' in source ? source.decider : source;
      const { version, state } = await cache.load(decider, streamId);
      return { version, state };
    },
  };
};
