import * as t from 'io-ts';
import { CaseKind, closed, Holder, Instant, Limit, Limits, LocalDate, Money, NonEmptyString, Text } from './primitives';

/** Case events (stream `case-<caseId>`); every `data` has `caseId`. Shapes are events.md, exactly. */

const S = NonEmptyString;

export const Channel = t.keyof({ window: null, online: null, mobile: null, agent: null, mail: null }, 'Channel');
export type Channel = t.TypeOf<typeof Channel>;

export const SuspensionProcedure = t.keyof(
  {
    hearing: null, bidding: null, auction: null, inspection: null, testing: null, survey: null,
    quarantine: null, appraisal: null, expertReview: null, correctionAfterAcceptance: null, other: null,
  },
  'SuspensionProcedure',
);
export type SuspensionProcedure = t.TypeOf<typeof SuspensionProcedure>;

export const CompletionResult = t.keyof(
  { issued: null, denied: null, returned: null, forwarded: null, correctionNotSupplied: null, voided: null },
  'CompletionResult',
);
export type CompletionResult = t.TypeOf<typeof CompletionResult>;

export const EvaluationChannel = t.keyof(
  { device: null, pc: null, mobile: null, qr: null, phone: null, sms: null, systemDefault: null },
  'EvaluationChannel',
);
export type EvaluationChannel = t.TypeOf<typeof EvaluationChannel>;

/** 好差评 level: 5 = 非常满意 … 1 = 非常不满意 (GB/T 39046 raw codes run the other way; keep them in rawCode). */
export const EvaluationLevel = t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4), t.literal(5)], 'EvaluationLevel');
export type EvaluationLevel = t.TypeOf<typeof EvaluationLevel>;

/** 差评 triage: a simple review is rectified in 5 working days, a complex one in 15. */
export const BadReviewComplexity = t.keyof({ simple: null, complex: null }, 'BadReviewComplexity');
export type BadReviewComplexity = t.TypeOf<typeof BadReviewComplexity>;

export const AlertLevelCodec = t.keyof({ approaching: null, overdue: null, yellowCard: null, redCard: null }, 'AlertLevel');

const DueTimes = closed('DueTimes', { promisedDueAt: Instant, statutoryDueAt: Instant, calendarVersion: S });

export const caseEventData = {
  ApplicationSubmitted: closed(
    'ApplicationSubmitted',
    {
      caseId: S, caseNo: S, hallId: S, itemCode: S, channel: Channel,
      applicant: closed('Applicant', { type: t.keyof({ person: null, organisation: null }), ref: S }),
      materials: t.array(Text),
    },
    { itemVersion: t.number, agentId: S, investment: Money },
  ),
  CorrectionRequested: closed('CorrectionRequested', { caseId: S, missing: t.array(Text) }, { legalBasis: S }),
  CorrectionSupplied: closed('CorrectionSupplied', { caseId: S, materials: t.array(Text) }),
  CaseAccepted: closed(
    'CaseAccepted',
    {
      caseId: S, hallId: S, windowId: S, departmentId: S, staffId: S, kind: CaseKind, limits: Limits,
      calendarVersion: S, promisedDueAt: Instant, statutoryDueAt: Instant, provisional: t.boolean,
    },
    // deemedFrom: 行政许可法 §32(四) — a correction notice later than 5 working days makes the case
    // accepted from the receipt of its materials (docs/rules.md; an addition to events.md).
    { receiptNo: S, deemedFrom: Instant },
  ),
  CaseRejected: closed('CaseRejected', { caseId: S, reason: S, legalBasis: S }),
  CaseWithdrawn: closed('CaseWithdrawn', { caseId: S, reason: Text }),
  CaseTransferred: closed('CaseTransferred', { caseId: S, from: Holder, to: Holder, reason: S, handoverAt: Instant }),
  StepCompleted: closed(
    'StepCompleted',
    { caseId: S, step: S, action: t.keyof({ pass: null, return: null, other: null }) },
    { opinion: Text },
  ),
  JointReviewRequested: closed('JointReviewRequested', { caseId: S, departmentIds: t.array(S), replyDueAt: Instant }),
  JointOpinionReturned: closed(
    'JointOpinionReturned',
    { caseId: S, departmentId: S, opinion: t.keyof({ consent: null, dissent: null }) },
    { comment: Text },
  ),
  DeemedConsentApplied: closed('DeemedConsentApplied', { caseId: S, departmentId: S, replyDueAt: Instant, policy: S }),
  CaseEscalated: closed('CaseEscalated', { caseId: S, authority: S }, { reason: Text }),
  EscalationReturned: closed('EscalationReturned', {
    caseId: S, authority: S, decision: t.keyof({ approved: null, denied: null, returned: null }),
  }),
  ClockSuspended: closed(
    'ClockSuspended',
    { caseId: S, procedure: SuspensionProcedure, legalBasis: S, applicantNotifiedAt: Instant },
    { expected: Limit },
  ),
  ClockResumed: closed('ClockResumed', { caseId: S }),
  TimeLimitExtended: closed('TimeLimitExtended', { caseId: S, by: Limit, approvedBy: S, reason: S, requestedAt: Instant }),
  DecisionMade: closed(
    'DecisionMade',
    { caseId: S, outcome: t.keyof({ approved: null, denied: null }) },
    { legalBasis: S, approvedAmount: Money },
  ),
  CaseCompleted: closed(
    'CaseCompleted',
    { caseId: S, result: CompletionResult },
    { licence: closed('Licence', { name: S, number: S }, { validUntil: LocalDate }) },
  ),
  ResultDelivered: closed('ResultDelivered', { caseId: S, method: t.keyof({ window: null, mail: null, electronic: null }) }),
  ApplicantNoShow: closed('ApplicantNoShow', { caseId: S, notifiedDate: LocalDate }),
  VisitRecorded: closed('VisitRecorded', {
    caseId: S, purpose: t.keyof({ submit: null, supplement: null, collect: null, enquire: null }),
  }),
  EvaluationSubmitted: closed(
    'EvaluationSubmitted',
    {
      caseId: S, evaluationId: S, level: EvaluationLevel, channel: EvaluationChannel,
      round: t.keyof({ first: null, followUp: null }), realName: t.boolean,
    },
    { rawCode: t.union([Text, t.number]), codeList: S, windowId: S, staffId: S, reasons: t.array(Text), comment: Text },
  ),
  // complexity: the "2、5、15" triage (docs/rules.md; an addition to events.md).
  BadReviewTriaged: closed('BadReviewTriaged', { caseId: S, evaluationId: S, valid: t.boolean }, { assignee: S, dueAt: Instant, complexity: BadReviewComplexity }),
  BadReviewReplied: closed('BadReviewReplied', { caseId: S, evaluationId: S }),
  BadReviewRectified: closed('BadReviewRectified', { caseId: S, evaluationId: S, measures: S }),
  BadReviewCalledBack: closed('BadReviewCalledBack', { caseId: S, evaluationId: S, satisfied: t.boolean }),
  EvaluationAppealed: closed('EvaluationAppealed', { caseId: S, evaluationId: S, reason: S }),
  EvaluationAppealDecided: closed('EvaluationAppealDecided', {
    caseId: S, evaluationId: S, outcome: t.keyof({ upheld: null, mistaken: null, malicious: null }),
  }),
  FollowUpRecorded: closed(
    'FollowUpRecorded',
    { caseId: S, method: t.keyof({ phone: null, visit: null, sms: null, online: null }) },
    { result: Text, satisfied: t.boolean },
  ),
  AlertRaised: closed('AlertRaised', {
    caseId: S, alertId: S, rule: S, level: AlertLevelCodec, dueAt: Instant, departmentId: S,
  }),
  AlertCleared: closed('AlertCleared', { caseId: S, alertId: S }),
  DeadlineRecomputed: closed('DeadlineRecomputed', { caseId: S, previous: DueTimes, next: DueTimes, reason: S }),
  CorrectionRecorded: closed('CorrectionRecorded', {
    caseId: S, corrects: S, fields: t.UnknownRecord, reason: S,
  }),
  /**
   * A late entry 补录 (docs/rules.md, not in events.md): the events before it in the same command
   * happened at `declaredAt` (their occurredAt) and were recorded at `recordedAt`; the envelope's
   * actor sent it, for the reason given.
   */
  LateEntryRecorded: closed('LateEntryRecorded', { caseId: S, command: S, declaredAt: Instant, recordedAt: Instant, reason: S }),
};
