import * as t from 'io-ts';
import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { BadReviewComplexity, caseEventData, SuspensionProcedure } from '../events/case';
import { closed, Holder, Instant, Limit, NonEmptyString as S } from '../events/primitives';

/** The command a late entry wraps: `{ type, data }` of any other case command, decoded by that command's codec. */
export interface LateEntryCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Decodes the wrapped command with its own codec; the metadata is the late entry's, so a stand-in fills it here. */
const ENTRY_METADATA = { commandId: 'entry', actor: { kind: 'system', id: 'entry' }, at: '2000-01-01T00:00:00Z' };
const lateEntryCodec = (): t.Type<LateEntryCommand, LateEntryCommand, unknown> => {
  const shape = closed('LateEntryCommand', { type: S, data: t.UnknownRecord });
  const codecOf = (u: unknown) => {
    if (!shape.is(u) || u.type === 'RecordLateEntry' || !Object.prototype.hasOwnProperty.call(caseCommandCodecs, u.type)) return undefined;
    return caseCommandCodecs[u.type as keyof typeof caseCommandCodecs] as t.Mixed;
  };
  return new t.Type<LateEntryCommand, LateEntryCommand, unknown>(
    'LateEntryCommand',
    (u): u is LateEntryCommand => codecOf(u)?.is({ ...(u as LateEntryCommand), metadata: ENTRY_METADATA }) ?? false,
    (u, c) => {
      const shaped = shape.validate(u, c);
      if (shaped._tag === 'Left') return shaped;
      const codec = codecOf(u);
      if (!codec) return t.failure(shaped.right.type, t.appendContext(c, 'type', t.never, shaped.right.type), `not a case command a late entry may wrap`);
      const whole = codec.validate({ ...shaped.right, metadata: ENTRY_METADATA }, c);
      return whole._tag === 'Left' ? whole : t.success(shaped.right);
    },
    t.identity,
  );
};

/**
 * Case commands (stream `case-<caseId>`). Where the command says exactly what the event records,
 * the event's codec is the command's data; otherwise the decider computes the rest (acceptance
 * snapshots, the holder a transfer leaves, due times).
 */
export const caseCommandCodecs = {
  SubmitApplication: commandCodec('SubmitApplication', caseEventData.ApplicationSubmitted),
  RequestCorrection: commandCodec('RequestCorrection', caseEventData.CorrectionRequested),
  SupplyCorrection: commandCodec('SupplyCorrection', caseEventData.CorrectionSupplied),
  AcceptCase: commandCodec(
    'AcceptCase',
    closed('AcceptCaseData', { caseId: S, windowId: S, staffId: S }, { departmentId: S, receiptNo: S }),
  ),
  RejectCase: commandCodec('RejectCase', caseEventData.CaseRejected),
  WithdrawCase: commandCodec('WithdrawCase', caseEventData.CaseWithdrawn),
  TransferCase: commandCodec('TransferCase', closed('TransferCaseData', { caseId: S, to: Holder, reason: S }, { handoverAt: Instant })),
  CompleteStep: commandCodec('CompleteStep', caseEventData.StepCompleted),
  RequestJointReview: commandCodec('RequestJointReview', caseEventData.JointReviewRequested),
  ReturnJointOpinion: commandCodec('ReturnJointOpinion', caseEventData.JointOpinionReturned),
  ApplyDeemedConsent: commandCodec('ApplyDeemedConsent', closed('ApplyDeemedConsentData', { caseId: S, departmentId: S, policy: S })),
  EscalateCase: commandCodec('EscalateCase', caseEventData.CaseEscalated),
  ReturnEscalation: commandCodec('ReturnEscalation', caseEventData.EscalationReturned),
  SuspendClock: commandCodec(
    'SuspendClock',
    closed('SuspendClockData', { caseId: S, procedure: SuspensionProcedure, legalBasis: S }, { applicantNotifiedAt: Instant, expected: Limit }),
  ),
  ResumeClock: commandCodec('ResumeClock', caseEventData.ClockResumed),
  ExtendTimeLimit: commandCodec(
    'ExtendTimeLimit',
    closed('ExtendTimeLimitData', { caseId: S, by: Limit, approvedBy: S, reason: S }, { requestedAt: Instant }),
  ),
  MakeDecision: commandCodec('MakeDecision', caseEventData.DecisionMade),
  CompleteCase: commandCodec('CompleteCase', caseEventData.CaseCompleted),
  DeliverResult: commandCodec('DeliverResult', caseEventData.ResultDelivered),
  RecordNoShow: commandCodec('RecordNoShow', caseEventData.ApplicantNoShow),
  RecordVisit: commandCodec('RecordVisit', caseEventData.VisitRecorded),
  SubmitEvaluation: commandCodec('SubmitEvaluation', caseEventData.EvaluationSubmitted),
  TriageBadReview: commandCodec(
    'TriageBadReview',
    closed('TriageBadReviewData', { caseId: S, evaluationId: S, valid: t.boolean }, { assignee: S, complexity: BadReviewComplexity }),
  ),
  ReplyBadReview: commandCodec('ReplyBadReview', caseEventData.BadReviewReplied),
  RectifyBadReview: commandCodec('RectifyBadReview', caseEventData.BadReviewRectified),
  CallBackBadReview: commandCodec('CallBackBadReview', caseEventData.BadReviewCalledBack),
  AppealEvaluation: commandCodec('AppealEvaluation', caseEventData.EvaluationAppealed),
  DecideAppeal: commandCodec('DecideAppeal', caseEventData.EvaluationAppealDecided),
  RecordFollowUp: commandCodec('RecordFollowUp', caseEventData.FollowUpRecorded),
  RaiseAlert: commandCodec('RaiseAlert', caseEventData.AlertRaised),
  ClearAlert: commandCodec('ClearAlert', caseEventData.AlertCleared),
  RecomputeDeadline: commandCodec('RecomputeDeadline', closed('RecomputeDeadlineData', { caseId: S, reason: S })),
  RecordCorrection: commandCodec('RecordCorrection', caseEventData.CorrectionRecorded),
  /** 补录: another case command entered after the fact, at its own business time, with a reason (docs/rules.md). */
  RecordLateEntry: commandCodec('RecordLateEntry', closed('RecordLateEntryData', { caseId: S, reason: S, entry: lateEntryCodec() })),
};

export type CaseCommand = CommandsOf<typeof caseCommandCodecs>;
export type CaseCommandType = CaseCommand['type'];
export type CaseCommandOf<K extends CaseCommandType> = Extract<CaseCommand, { type: K }>;
export const caseCommandTypes = Object.keys(caseCommandCodecs) as CaseCommandType[];
export const decodeCaseCommand = commandDecoder(caseCommandCodecs, 'case');
