import type { Actor } from '../events/primitives';

/** Why a command was refused: the machine, the data, the actor, a missing reference, or a clash. */
export type DomainErrorKind = 'illegalTransition' | 'invalidCommand' | 'forbidden' | 'notFound' | 'conflict';

/**
 * A refused command (spec §3: "returns a typed error naming the case, its state and the rule, and
 * appends nothing"). `rule` is a stable id such as `accept.onlyWhenSubmitted`.
 */
export interface DomainError {
  readonly kind: DomainErrorKind;
  readonly streamId: string;
  /** Set on case and complaint streams: the case the command was aimed at. */
  readonly caseId?: string;
  /** The status of the stream when the command arrived (`new` before its first event). */
  readonly state: string;
  readonly rule: string;
  readonly message: string;
  /** On `forbidden`: who tried and what. */
  readonly actor?: Actor;
  readonly command?: string;
}

/** Where an error happened: the stream, its status, and the case when there is one. */
export interface ErrorScope {
  readonly streamId: string;
  readonly state: string;
  readonly caseId?: string;
}

export const domainError = (kind: DomainErrorKind, scope: ErrorScope, rule: string, message: string): DomainError => ({
  kind,
  streamId: scope.streamId,
  ...(scope.caseId === undefined ? {} : { caseId: scope.caseId }),
  state: scope.state,
  rule,
  message,
});
