import type { CommandMetadata } from '../decider/decider';
import type { Directory } from '../org/directory';
import { actorClaimRefusal } from './actor-facts';
import { domainError, type DomainError, type ErrorScope } from './errors';

/**
 * What a policy knows about the thing a command acts on. Deciders fill it from their state (or,
 * for a first command, from its data and the directory).
 */
export interface AuthorizationSubject {
  readonly hallId?: string;
  /** The department in charge: the holder, or before acceptance the department of the item or window. */
  readonly departmentId?: string;
  /** `intake` until the case is accepted (一窗受理 windows may act), `handling` after. */
  readonly stage?: 'intake' | 'handling';
  /** The staff handling the case (承办人), who may not approve their own extension. */
  readonly handlingStaffId?: string;
  /** The pseudonymous applicant reference recorded at submission. */
  readonly applicantRef?: string;
  /** The agent 代办 recorded at submission. */
  readonly agentId?: string;
}

export interface AuthorizationRequest {
  readonly command: { readonly type: string; readonly data: unknown; readonly metadata: CommandMetadata };
  readonly subject: AuthorizationSubject;
  readonly directory: Directory;
}

export type AuthorizationDecision = { readonly allowed: true } | { readonly allowed: false; readonly rule: string; readonly reason: string };

/** Who may act: a pure function a hall can replace (spec §1; brief "who may act"). */
export type AuthorizationPolicy = (request: AuthorizationRequest) => AuthorizationDecision;

export const allow: AuthorizationDecision = Object.freeze({ allowed: true });
export const refuse = (rule: string, reason: string): AuthorizationDecision => ({ allowed: false, rule, reason });

/** Checks the actor's claimed window and department, then runs a policy; a refusal becomes a typed `forbidden` error naming the actor, the command and the rule. */
export const authorize = (policy: AuthorizationPolicy, request: AuthorizationRequest, scope: ErrorScope): DomainError | undefined => {
  // Where the actor claims to sit is checked against the directory whatever policy a hall chose.
  const decision = actorClaimRefusal(request.directory, request.subject.hallId, request.command.metadata.actor) ?? policy(request);
  if (decision.allowed) return undefined;
  const { actor } = request.command.metadata;
  const who = `${actor.kind} ${actor.id}`;
  return {
    ...domainError('forbidden', scope, decision.rule, `${who} may not ${request.command.type}: ${decision.reason}`),
    actor,
    command: request.command.type,
  };
};
