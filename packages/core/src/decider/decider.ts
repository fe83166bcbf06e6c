import type { Either } from 'fp-ts/lib/Either';
import type { AnyDomainEvent, Metadata } from '../events/envelope';
import type { Actor } from '../events/primitives';

/** An event as a decider folds it: type and data plus when and by whom it happened. */
export type RecordedEvent<E extends { type: string; data: unknown } = AnyDomainEvent> = E & Metadata & { streamPosition?: number };

/** What every command carries besides its data: an idempotency key, its actor and its business time. */
export interface CommandMetadata {
  /** Idempotency key: a repeated commandId is treated as already done. */
  commandId: string;
  actor: Actor;
  /** Business time of the command (ISO-8601 with offset): becomes the events' `occurredAt`. */
  at: string;
  correlationId?: string;
  causationId?: string;
  /**
   * Set by the command engine only: its clock when it records the command (the events'
   * `recordedAt`); whatever a caller puts here is replaced (the metadata codec does not accept it).
   */
  recordedAt?: string;
}

export interface Command<T extends string = string, D = unknown> {
  type: T;
  data: D;
  metadata: CommandMetadata;
}

/**
 * The decider at the centre (Emmett style): `decide(command, state)` says which events follow or
 * why not; `evolve(state, event)` folds an event into the state; `initialState()` starts a stream.
 */
export interface Decider<C, E extends { type: string; data: unknown }, S, Err> {
  decide(command: C, state: S): Either<Err, readonly E[]>;
  evolve(state: S, event: RecordedEvent<E>): S;
  initialState(): S;
}
