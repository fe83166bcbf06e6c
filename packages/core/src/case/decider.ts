import { left } from 'fp-ts/lib/Either';
import { decline, type Decision } from '../auth/decision';
import type { DomainError, ErrorScope } from '../auth/errors';
import { authorize, type AuthorizationSubject } from '../auth/policy';
import { parseInstant } from '../clock/instant';
import type { Decider } from '../decider/decider';
import { caseStream } from '../events/streams';
import type { CaseCommand, CaseCommandType } from './commands';
import { resolveCaseContext, type CaseContext, type ResolvedCaseContext } from './context';
import { createCaseEvolve } from './evolve';
import { evaluationRules } from './evaluation';
import { handlingRules } from './handling';
import { recordLateEntry } from './late-entry';
import { acceptanceDepartment, intakeRules } from './intake';
import type { Rule, RuleEnv, RuleTable } from './rule-kit';
import { initialCaseState, type CaseEvent, type CaseState } from './state';
import { supervisionRules } from './supervision';
import { timingRules } from './timing';

/** Every case command's rule: one table, checked complete by the type. */
export const caseRules: RuleTable<CaseCommandType> = {
  ...intakeRules,
  ...handlingRules,
  ...timingRules,
  ...evaluationRules,
  ...supervisionRules,
  RecordLateEntry: (c, s, env) => recordLateEntry(c, s, env, decideWith(env.ctx)),
};

/** The department in charge before acceptance: of the item version applied for. */
const intakeDepartment = (ctx: ResolvedCaseContext, hallId: string | undefined, itemCode: string | undefined, version?: number) => {
  const item = hallId === undefined || itemCode === undefined ? undefined : ctx.directory.item(hallId, itemCode);
  return (item?.versions.find((v) => v.version === version) ?? item?.versions.at(-1))?.departmentId;
};

/** What the authorization policy is told about the case. */
export const caseSubject = (ctx: ResolvedCaseContext, command: CaseCommand, s: CaseState): AuthorizationSubject => {
  if (command.type === 'SubmitApplication') {
    const d = command.data;
    return {
      hallId: d.hallId, stage: 'intake', applicantRef: d.applicant.ref,
      departmentId: intakeDepartment(ctx, d.hallId, d.itemCode, d.itemVersion),
      ...(d.agentId ? { agentId: d.agentId } : {}),
    };
  }
  const departmentId =
    s.holder?.departmentId ??
    (command.type === 'AcceptCase' ? acceptanceDepartment(ctx.directory, s, command.data) : intakeDepartment(ctx, s.hallId, s.itemCode, s.itemVersion));
  return {
    hallId: s.hallId,
    stage: s.acceptedAt === undefined ? 'intake' : 'handling',
    departmentId,
    handlingStaffId: s.holder?.staffId,
    applicantRef: s.applicant?.ref,
    agentId: s.agentId,
  };
};

const decideWith = (ctx: ResolvedCaseContext) => (command: CaseCommand, state: CaseState): Decision<CaseEvent> => {
  const { caseId } = command.data;
  const scope: ErrorScope = { streamId: caseStream(caseId), caseId, state: state.status };
  if (state.status === 'new' && command.type !== 'SubmitApplication') {
    return decline('notFound', scope, 'case.submittedFirst', `case ${caseId} has not been submitted`);
  }
  if (state.caseId !== undefined && state.caseId !== caseId) {
    return decline('invalidCommand', scope, 'case.sameStream', `command for case ${caseId} sent to the stream of case ${state.caseId}`);
  }
  // Who may act is asked before anything else, so a refusal tells an outsider nothing about the case.
  const refusal = authorize(ctx.authorization, { command, subject: caseSubject(ctx, command, state), directory: ctx.directory }, scope);
  if (refusal) return left(refusal);
  const hallId = state.hallId ?? (command.type === 'SubmitApplication' ? command.data.hallId : '');
  const env: RuleEnv = { scope, ctx, at: command.metadata.at, atMs: parseInstant(command.metadata.at), clock: () => ctx.clockFor(hallId) };
  const rule = caseRules[command.type] as Rule<CaseCommandType>;
  return rule(command as never, state, env);
};

/**
 * The case decider 办件 (spec §3): every command is checked against the case's history, the hall's
 * directory and clock, and who may act; an illegal one returns a typed error and no events.
 */
export const createCaseDecider = (context: CaseContext): Decider<CaseCommand, CaseEvent, CaseState, DomainError> => {
  const ctx = resolveCaseContext(context);
  return { initialState: initialCaseState, evolve: createCaseEvolve(), decide: decideWith(ctx) };
};
