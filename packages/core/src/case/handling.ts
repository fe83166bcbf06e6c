import { decline, type Decision } from '../auth/decision';
import { parseInstant } from '../clock/instant';
import type { CompletionResult } from '../events/case';
import { firstRefusal, record, requireStatus, type RuleEnv, type RuleTable } from './rule-kit';
import { COMPLETED, HANDLING, OPEN, type CaseEvent, type CaseState, type CaseStatus } from './state';

const checkTransferTarget = (c: Parameters<RuleTable<'TransferCase'>['TransferCase']>[0], s: CaseState, env: RuleEnv): Decision<CaseEvent> | undefined => {
  const { to } = c.data;
  const hallId = s.hallId ?? '';
  const { directory } = env.ctx;
  if (to.departmentId === s.holder?.departmentId) {
    return decline('invalidCommand', env.scope, 'transfer.toAnotherDepartment', `department ${to.departmentId} already holds case ${s.caseId}`);
  }
  if (!directory.department(hallId, to.departmentId)) return decline('notFound', env.scope, 'transfer.department.registered', `department ${to.departmentId} is not registered`);
  if (to.windowId !== undefined && !directory.window(hallId, to.windowId)?.open) return decline('notFound', env.scope, 'transfer.window.open', `window ${to.windowId} is not open`);
  const staff = to.staffId === undefined ? undefined : directory.staff(hallId, to.staffId);
  if (to.staffId !== undefined && staff?.departmentId !== to.departmentId) {
    return decline('invalidCommand', env.scope, 'transfer.staff.ofDepartment', `staff ${to.staffId} is not of department ${to.departmentId}`);
  }
  return undefined;
};

const transfer: RuleTable<'TransferCase'>['TransferCase'] = (c, s, env) => {
  const handoverAt = c.data.handoverAt ?? env.at;
  const handoverMs = parseInstant(handoverAt);
  return firstRefusal(
    [
      () => requireStatus(s, env, HANDLING, 'transfer.onlyWhileHandling', 'only a case being handled is transferred'),
      () => checkTransferTarget(c, s, env),
      // 交接登记 may be recorded after the fact, never before it happens (events.md: never follows occurredAt).
      () => (handoverMs > env.atMs ? decline('invalidCommand', env.scope, 'transfer.handoverNotAfterCommand', `handoverAt ${handoverAt} is after the command time ${env.at}`) : undefined),
      () =>
        s.acceptedAt !== undefined && handoverMs < parseInstant(s.acceptedAt)
          ? decline('invalidCommand', env.scope, 'transfer.handoverAfterAcceptance', `handoverAt ${handoverAt} precedes acceptance`)
          : undefined,
    ],
    () => record({ type: 'CaseTransferred', data: { caseId: c.data.caseId, from: s.holder!, to: c.data.to, reason: c.data.reason, handoverAt } }),
  );
};

const requestJointReview: RuleTable<'RequestJointReview'>['RequestJointReview'] = (c, s, env) => {
  const { departmentIds, replyDueAt } = c.data;
  const pending = s.jointReview && Object.values(s.jointReview.departments).some((d) => d.opinion === undefined);
  const unknown = departmentIds.find((id) => !env.ctx.directory.department(s.hallId ?? '', id));
  return firstRefusal(
    [
      () => requireStatus(s, env, HANDLING, 'joint.request.onlyWhileHandling', 'joint review 并联审批 is requested while handling'),
      () => (pending ? decline('conflict', env.scope, 'joint.request.onePending', `case ${s.caseId} already awaits joint-review opinions`) : undefined),
      () =>
        departmentIds.length === 0 || new Set(departmentIds).size !== departmentIds.length
          ? decline('invalidCommand', env.scope, 'joint.departments.distinct', 'joint review names one or more distinct departments')
          : undefined,
      () => (unknown ? decline('notFound', env.scope, 'joint.department.registered', `department ${unknown} is not registered`) : undefined),
      () =>
        s.holder && departmentIds.includes(s.holder.departmentId)
          ? decline('invalidCommand', env.scope, 'joint.departments.notHolder', `department ${s.holder.departmentId} holds the case and is not consulted`)
          : undefined,
      () => (parseInstant(replyDueAt) <= env.atMs ? decline('invalidCommand', env.scope, 'joint.replyDue.future', `replyDueAt ${replyDueAt} is not after ${env.at}`) : undefined),
    ],
    () => record({ type: 'JointReviewRequested', data: c.data }),
  );
};

/** A consulted department that has not replied yet (for opinions and deemed consent). */
const awaitingReply = (s: CaseState, env: RuleEnv, departmentId: string, verb: string): Decision<CaseEvent> | undefined => {
  const reply = s.jointReview?.departments[departmentId];
  if (!reply) return decline('notFound', env.scope, `joint.${verb}.consulted`, `department ${departmentId} was not consulted on case ${s.caseId}`);
  if (reply.opinion !== undefined) return decline('conflict', env.scope, `joint.${verb}.notReplied`, `department ${departmentId} has already ${reply.deemed ? 'been deemed to consent' : 'replied'}`);
  return requireStatus(s, env, OPEN, `joint.${verb}.onlyWhileOpen`, 'the case is closed');
};

const applyDeemedConsent: RuleTable<'ApplyDeemedConsent'>['ApplyDeemedConsent'] = (c, s, env) => {
  const refusal = awaitingReply(s, env, c.data.departmentId, 'deemed');
  if (refusal || !s.jointReview) return refusal!;
  const { replyDueAt } = s.jointReview;
  // 超时默认: only silence past the reply due time counts as consent.
  if (env.atMs <= parseInstant(replyDueAt)) {
    return decline('illegalTransition', env.scope, 'joint.deemed.afterReplyDue', `department ${c.data.departmentId} may still reply until ${replyDueAt}`);
  }
  return record({ type: 'DeemedConsentApplied', data: { ...c.data, replyDueAt } });
};

/** The completion results that need acceptance, and what a recorded decision must say for each. */
const DECISION_FOR: Partial<Record<CompletionResult, 'approved' | 'denied'>> = { issued: 'approved', denied: 'denied' };
const BEFORE_ACCEPTANCE_RESULTS: readonly CompletionResult[] = ['returned', 'voided', 'correctionNotSupplied'];

/**
 * 办结. Results `issued`/`denied`/`forwarded` need an accepted case that is not suspended;
 * `issued`/`denied` must agree with a recorded decision (an immediate case 即办件 may complete
 * without one); `forwarded` 转报 needs an escalation. Before acceptance only `returned` 退回,
 * `voided` 作废 and — awaiting correction — `correctionNotSupplied` 补正不来 close a case; a case
 * suspended for a post-acceptance correction may also end `correctionNotSupplied` or `voided`.
 */
const completionRefusal = (c: Parameters<RuleTable<'CompleteCase'>['CompleteCase']>[0], s: CaseState, env: RuleEnv): Decision<CaseEvent> | undefined => {
  const { result, licence } = c.data;
  const reject = (kind: 'illegalTransition' | 'invalidCommand', rule: string, message: string) => decline(kind, env.scope, rule, message);
  const open = requireStatus(s, env, OPEN, 'complete.onlyWhenOpen', 'the case is already closed');
  if (open) return open;
  if (licence && result !== 'issued') return reject('invalidCommand', 'complete.licence.onlyWhenIssued', `a ${result} case carries no licence`);
  const accepted = s.acceptedAt !== undefined;
  if (!accepted && !BEFORE_ACCEPTANCE_RESULTS.includes(result)) return reject('illegalTransition', 'complete.notBeforeAcceptance', `a case is not ${result} before it is accepted`);
  const correctionPending = s.status === 'awaitingCorrection' || s.suspension?.procedure === 'correctionAfterAcceptance';
  if (result === 'correctionNotSupplied' && !correctionPending) return reject('illegalTransition', 'complete.correctionNotSupplied.onlyWhenAwaited', 'no correction is awaited');
  if (s.status === 'suspended' && result !== 'voided' && result !== 'correctionNotSupplied') return reject('illegalTransition', 'complete.notWhileSuspended', 'resume the clock first');
  if (result === 'returned' && s.status === 'awaitingCorrection') return reject('illegalTransition', 'complete.returned.notAwaitingCorrection', 'a case awaiting correction ends correctionNotSupplied');
  const needed = DECISION_FOR[result];
  if (needed && s.decision && s.decision.outcome !== needed) return reject('invalidCommand', 'complete.resultMatchesDecision', `the decision was ${s.decision.outcome}, not ${needed}`);
  if (needed && !s.decision && s.kind !== 'immediate') return reject('illegalTransition', 'complete.needsDecision', `a ${s.kind} case is ${result} only after a decision`);
  if (result === 'forwarded' && !s.escalated) return reject('illegalTransition', 'complete.forwarded.needsEscalation', 'only an escalated case is forwarded 转报');
  return undefined;
};

const whileHandling = (rule: string, what: string, statuses: readonly CaseStatus[] = HANDLING) =>
  (s: CaseState, env: RuleEnv) => requireStatus(s, env, statuses, rule, what);

/** Handling: transfer 转办, steps, joint review 并联审批, escalation 上报, decision, completion 办结, delivery 送达. */
export const handlingRules: RuleTable<
  | 'TransferCase' | 'CompleteStep' | 'RequestJointReview' | 'ReturnJointOpinion' | 'ApplyDeemedConsent' | 'EscalateCase'
  | 'ReturnEscalation' | 'MakeDecision' | 'CompleteCase' | 'DeliverResult' | 'RecordNoShow' | 'RecordVisit'
> = {
  TransferCase: transfer,
  CompleteStep: (c, s, env) => whileHandling('step.onlyWhileHandling', 'steps are completed while handling')(s, env) ?? record({ type: 'StepCompleted', data: c.data }),
  RequestJointReview: requestJointReview,
  ReturnJointOpinion: (c, s, env) => awaitingReply(s, env, c.data.departmentId, 'reply') ?? record({ type: 'JointOpinionReturned', data: c.data }),
  ApplyDeemedConsent: applyDeemedConsent,
  EscalateCase: (c, s, env) =>
    whileHandling('escalate.onlyWhileHandling', 'a case is escalated 上报 while handling')(s, env) ??
    (s.escalation
      ? decline('conflict', env.scope, 'escalate.notWhileEscalated', `case ${s.caseId} is already with ${s.escalation.authority}`)
      : record({ type: 'CaseEscalated', data: c.data })),
  ReturnEscalation: (c, s, env) => {
    if (!s.escalation) return decline('illegalTransition', env.scope, 'escalation.return.onlyWhenEscalated', `case ${s.caseId} is not escalated`);
    if (s.escalation.authority !== c.data.authority) {
      return decline('invalidCommand', env.scope, 'escalation.return.sameAuthority', `case ${s.caseId} was escalated to ${s.escalation.authority}, not ${c.data.authority}`);
    }
    return record({ type: 'EscalationReturned', data: c.data });
  },
  MakeDecision: (c, s, env) =>
    firstRefusal(
      [
        () => whileHandling('decide.onlyWhileHandling', 'a decision is made on an accepted case that is not suspended')(s, env),
        () => (s.escalation ? decline('illegalTransition', env.scope, 'decide.notWhileEscalated', `case ${s.caseId} awaits ${s.escalation.authority}`) : undefined),
        () =>
          s.jointReview && Object.values(s.jointReview.departments).some((d) => d.opinion === undefined)
            ? decline('illegalTransition', env.scope, 'decide.jointReviewPending', 'joint-review opinions are still awaited')
            : undefined,
        // 行政许可法 §38: a denial states its reasons and legal basis.
        () =>
          c.data.outcome === 'denied' && c.data.legalBasis === undefined
            ? decline('invalidCommand', env.scope, 'decide.denial.legalBasis', 'a denial 不予许可 names its legal basis')
            : undefined,
      ],
      () => record({ type: 'DecisionMade', data: c.data }),
    ),
  CompleteCase: (c, s, env) => completionRefusal(c, s, env) ?? record({ type: 'CaseCompleted', data: c.data }),
  DeliverResult: (c, s, env) =>
    requireStatus(s, env, ['completed'], 'deliver.onlyWhenCompleted', 'only a completed, undelivered case is delivered') ??
    record({ type: 'ResultDelivered', data: c.data }),
  RecordNoShow: (c, s, env) =>
    requireStatus(s, env, ['completed'], 'noShow.onlyWhenCompletedUndelivered', 'a no-show is recorded for a completed, undelivered case') ??
    (s.noShow ? decline('conflict', env.scope, 'noShow.once', `a no-show was already recorded on ${s.noShow}`) : record({ type: 'ApplicantNoShow', data: c.data })),
  RecordVisit: (c, s, env) =>
    c.data.purpose === 'collect' && !COMPLETED.includes(s.status)
      ? decline('illegalTransition', env.scope, 'visit.collect.afterCompletion', 'there is nothing to collect before completion')
      : record({ type: 'VisitRecorded', data: c.data }),
};
