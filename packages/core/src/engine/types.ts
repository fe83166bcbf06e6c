import type { Either } from 'fp-ts/lib/Either';
import type { Command, Decider } from '../decider/decider';
import type { DecodeError } from '../events/decode';
import type { AnyDomainEvent, StoredEvent } from '../events/envelope';
import type { ExpectedVersion } from '../store/port';
import type { Actor } from '../events/primitives';
import type { InvalidEventError } from '../store/errors';
import type { BusinessTimeError, DeclaredTimes } from './business-time';

/**
 * How the engine runs one kind of command: the decider, the stream a command belongs to, and
 * optionally how to decode a command from unknown input at the boundary (HTTP, CLI, queue).
 */
export interface CommandHandler<C extends Command, E extends AnyDomainEvent, S, Err> {
  decider: Decider<C, E, S, Err>;
  streamId(command: C): string;
  decode?(input: unknown): Either<DecodeError, C>;
  /**
   * The business times the command declares besides `metadata.at` (`data.requestedAt`, …) and
   * whether it is a late entry 补录; the engine bounds them all by its clock (default: only
   * `metadata.at`, not a late entry).
   */
  declaredTimes?(command: C): DeclaredTimes;
  /**
   * The actor the events record, from the command's actor and the state it is decided on (e.g. the
   * window and department the directory has for them); default: the command's actor as sent.
   */
  actorOf?(command: C, state: S): Actor;
}

/** A handler that decodes its commands: `handle` then accepts unknown input. */
export interface DecodingCommandHandler<C extends Command, E extends AnyDomainEvent, S, Err> extends CommandHandler<C, E, S, Err> {
  decode(input: unknown): Either<DecodeError, C>;
}

/** The stream kept changing under the command: every retry found a newer version (optimistic concurrency). */
export interface EngineConcurrencyError {
  kind: 'concurrency';
  streamId: string;
  /** How many times the command was decided and appended. */
  attempts: number;
  expected: ExpectedVersion;
  actual: number | 'noStream';
  message: string;
}

/**
 * Why a command did not go through: the decider's own error (an illegal transition, …), a decode
 * error of the input, an event the store refused (named field), a business time out of bounds, or
 * the concurrency failure.
 */
export type EngineError<Err> = Err | DecodeError | InvalidEventError | EngineConcurrencyError | BusinessTimeError;

export interface Handled<E extends AnyDomainEvent, S> {
  /** The events the command appended, as stored; for a repeated command, the events it appended the first time. */
  events: StoredEvent<E>[];
  /** The stream version after the command (the last stream position; −1 when the stream has no events). */
  nextExpectedVersion: number;
  /** The commandId was found in the stream: nothing was decided or appended again. */
  alreadyDone: boolean;
  /** The state of the stream after the command's events. */
  state: S;
}

export type HandleResult<E extends AnyDomainEvent, S, Err> = Either<EngineError<Err>, Handled<E, S>>;

/** A stream's state as read for a query: its version (−1 = no stream) and the folded state. */
export interface LoadedState<S> {
  version: number;
  state: S;
}
