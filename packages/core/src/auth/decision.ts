import { left, right, type Either } from 'fp-ts/lib/Either';
import type { CommandMetadata } from '../decider/decider';
import type { DomainEvent } from '../events/envelope';
import type { EventType } from '../events/registry';
import type { Directory } from '../org/directory';
import { domainError, type DomainError, type DomainErrorKind, type ErrorScope } from './errors';
import { authorize, type AuthorizationPolicy, type AuthorizationSubject } from './policy';

/** What a decider answers: the events that follow, or why not (and then nothing is appended). */
export type Decision<E> = Either<DomainError, readonly E[]>;

export const decline = <E = never>(kind: DomainErrorKind, scope: ErrorScope, rule: string, message: string): Decision<E> =>
  left(domainError(kind, scope, rule, message));

export const emit = <E>(...events: E[]): Decision<E> => right(events);

type AnyCommand = { type: string; data: unknown; metadata: CommandMetadata };

export interface GuardedDecideOptions<C extends AnyCommand, S, E> {
  policy: AuthorizationPolicy;
  directory: Directory;
  scope(command: C, state: S): ErrorScope;
  subject(command: C, state: S): AuthorizationSubject;
  /** Checked before authorization: a stream that must exist first (nothing to authorize against yet). */
  exists?(command: C, state: S, scope: ErrorScope): Decision<E> | undefined;
  rules(command: C, state: S, scope: ErrorScope): Decision<E>;
}

/** A `decide` that asks the authorization policy first, then the stream's own rules. */
export const guardedDecide =
  <C extends AnyCommand, S, E>(o: GuardedDecideOptions<C, S, E>) =>
  (command: C, state: S): Decision<E> => {
    const scope = o.scope(command, state);
    const missing = o.exists?.(command, state, scope);
    if (missing) return missing;
    const refusal = authorize(o.policy, { command, subject: o.subject(command, state), directory: o.directory }, scope);
    return refusal ? left(refusal) : o.rules(command, state, scope);
  };

/** The discriminated union of the events of the given types (narrowable by `type`). */
export type EventUnion<K extends EventType> = { [P in K]: DomainEvent<P> }[K];
