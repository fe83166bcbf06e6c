import { CORRECTION_RESTART_REASON, type CaseKind, type CompletionResult, type EvaluationChannel, type EvaluationLevel, type Limit, type Limits, type Money, type WorkClock } from '@banjian/core';
import type { LogWriter } from './log-writer';

/** Who works a case at the hall: department, window, staff. */
export interface Desk {
  departmentId: string;
  windowId: string;
  staffId: string;
}

const wd = (value: number): Limit => ({ value, unit: 'workingDays' });

/** Builds one case's events in order: each step takes the instant (epoch ms) it happened at. */
export interface CaseScript {
  submit(atMs: number, extra?: { investment?: Money; channel?: 'window' | 'online' | 'mobile' | 'agent' | 'mail' }): CaseScript;
  accept(atMs: number, desk: Desk, kind: CaseKind, limits: Limits): CaseScript;
  reject(atMs: number): CaseScript;
  requestCorrection(atMs: number): CaseScript;
  supplyCorrection(atMs: number): CaseScript;
  suspend(atMs: number, procedure?: 'hearing' | 'inspection' | 'expertReview' | 'correctionAfterAcceptance'): CaseScript;
  resume(atMs: number): CaseScript;
  extend(atMs: number, by: Limit, requestedAtMs?: number): CaseScript;
  transfer(atMs: number, from: Desk, to: Desk, handoverAtMs?: number): CaseScript;
  jointReview(atMs: number, departmentIds: string[], replyDueAtMs: number): CaseScript;
  jointOpinion(atMs: number, departmentId: string): CaseScript;
  deemedConsent(atMs: number, departmentId: string, replyDueAtMs: number): CaseScript;
  escalate(atMs: number): CaseScript;
  decide(atMs: number, outcome: 'approved' | 'denied', approvedAmount?: Money): CaseScript;
  complete(atMs: number, result?: CompletionResult): CaseScript;
  deliver(atMs: number): CaseScript;
  noShow(atMs: number): CaseScript;
  evaluate(atMs: number, evaluationId: string, level: EvaluationLevel, channel?: EvaluationChannel): CaseScript;
  followUp(atMs: number): CaseScript;
}

/**
 * `correction`: the hall's policy after a correction following acceptance; the script writes
 * exactly what the case decider records under it (the request with a `ClockSuspended`, the
 * supplement with a `ClockResumed`, and under `restart` a `DeadlineRecomputed`).
 */
export const caseScript = (
  writer: LogWriter,
  clock: WorkClock,
  c: { caseId: string; hallId: string; itemCode: string; correction?: 'restart' | 'resume' },
): CaseScript => {
  const stream = `case-${c.caseId}`;
  const caseId = c.caseId;
  const at = (ms: number) => clock.toInstant(ms);
  let accepted: { limits: Limits; promisedDueAt: string; statutoryDueAt: string } | undefined;
  const script: CaseScript = {
    submit(ms, extra = {}) {
      writer.add(stream, 'ApplicationSubmitted', {
        caseId, caseNo: `NO-${caseId}`, hallId: c.hallId, itemCode: c.itemCode, channel: extra.channel ?? 'window',
        applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请表'], ...(extra.investment ? { investment: extra.investment } : {}),
      }, at(ms));
      return script;
    },
    accept(ms, desk, kind, limits) {
      const promised = clock.dueAt(ms, limits.promised);
      const statutory = clock.dueAt(ms, limits.statutory);
      accepted = { limits, promisedDueAt: at(promised.dueAt), statutoryDueAt: at(statutory.dueAt) };
      writer.add(stream, 'CaseAccepted', {
        caseId, hallId: c.hallId, ...desk, kind, limits, calendarVersion: clock.calendar.version,
        promisedDueAt: accepted.promisedDueAt, statutoryDueAt: accepted.statutoryDueAt, provisional: promised.provisional || statutory.provisional,
      }, at(ms), { kind: 'staff', id: desk.staffId, windowId: desk.windowId, departmentId: desk.departmentId });
      return script;
    },
    reject(ms) {
      writer.add(stream, 'CaseRejected', { caseId, reason: '不属于本机关职权范围', legalBasis: '行政许可法 §32' }, at(ms));
      return script;
    },
    requestCorrection(ms) {
      const legalBasis = '行政许可法 §32';
      writer.add(stream, 'CorrectionRequested', { caseId, missing: ['营业执照复印件'], ...(accepted ? { legalBasis } : {}) }, at(ms));
      if (accepted) {
        writer.add(stream, 'ClockSuspended', { caseId, procedure: 'correctionAfterAcceptance', legalBasis, applicantNotifiedAt: at(ms) }, at(ms));
      }
      return script;
    },
    supplyCorrection(ms) {
      writer.add(stream, 'CorrectionSupplied', { caseId, materials: ['营业执照复印件'] }, at(ms));
      if (accepted) {
        writer.add(stream, 'ClockResumed', { caseId }, at(ms));
        if ((c.correction ?? 'restart') === 'restart') {
          const previous = { promisedDueAt: accepted.promisedDueAt, statutoryDueAt: accepted.statutoryDueAt, calendarVersion: clock.calendar.version };
          accepted = { ...accepted, promisedDueAt: at(clock.dueAt(ms, accepted.limits.promised).dueAt), statutoryDueAt: at(clock.dueAt(ms, accepted.limits.statutory).dueAt) };
          const next = { promisedDueAt: accepted.promisedDueAt, statutoryDueAt: accepted.statutoryDueAt, calendarVersion: clock.calendar.version };
          writer.add(stream, 'DeadlineRecomputed', { caseId, previous, next, reason: CORRECTION_RESTART_REASON }, at(ms));
        }
      }
      return script;
    },
    suspend(ms, procedure = 'hearing') {
      writer.add(stream, 'ClockSuspended', { caseId, procedure, legalBasis: '行政许可法 §45', applicantNotifiedAt: at(ms) }, at(ms));
      return script;
    },
    resume(ms) {
      writer.add(stream, 'ClockResumed', { caseId }, at(ms));
      return script;
    },
    extend(ms, by, requestedAtMs = ms) {
      writer.add(stream, 'TimeLimitExtended', { caseId, by, approvedBy: 'approver-1', reason: '情况复杂', requestedAt: at(requestedAtMs) }, at(ms));
      return script;
    },
    transfer(ms, from, to, handoverAtMs = ms) {
      writer.add(stream, 'CaseTransferred', { caseId, from, to, reason: '职责调整', handoverAt: at(handoverAtMs) }, at(ms));
      return script;
    },
    jointReview(ms, departmentIds, replyDueAtMs) {
      writer.add(stream, 'JointReviewRequested', { caseId, departmentIds, replyDueAt: at(replyDueAtMs) }, at(ms));
      return script;
    },
    jointOpinion(ms, departmentId) {
      writer.add(stream, 'JointOpinionReturned', { caseId, departmentId, opinion: 'consent' }, at(ms));
      return script;
    },
    deemedConsent(ms, departmentId, replyDueAtMs) {
      writer.add(stream, 'DeemedConsentApplied', { caseId, departmentId, replyDueAt: at(replyDueAtMs), policy: 'silenceIsConsent' }, at(ms));
      return script;
    },
    escalate(ms) {
      writer.add(stream, 'CaseEscalated', { caseId, authority: '市级主管部门' }, at(ms));
      return script;
    },
    decide(ms, outcome, approvedAmount) {
      writer.add(stream, 'DecisionMade', { caseId, outcome, ...(approvedAmount ? { approvedAmount } : {}) }, at(ms));
      return script;
    },
    complete(ms, result = 'issued') {
      writer.add(stream, 'CaseCompleted', { caseId, result }, at(ms));
      return script;
    },
    deliver(ms) {
      writer.add(stream, 'ResultDelivered', { caseId, method: 'window' }, at(ms));
      return script;
    },
    noShow(ms) {
      writer.add(stream, 'ApplicantNoShow', { caseId, notifiedDate: clock.localDate(ms) }, at(ms));
      return script;
    },
    evaluate(ms, evaluationId, level, channel = 'device') {
      writer.add(stream, 'EvaluationSubmitted', { caseId, evaluationId, level, channel, round: 'first', realName: false }, at(ms));
      return script;
    },
    followUp(ms) {
      writer.add(stream, 'FollowUpRecorded', { caseId, method: 'phone', satisfied: true }, at(ms));
      return script;
    },
  };
  return script;
};

/** `{statutory, promised}` in working days. */
export const workingDayLimits = (statutory: number, promised: number): Limits => ({ statutory: wd(statutory), promised: wd(promised) });
