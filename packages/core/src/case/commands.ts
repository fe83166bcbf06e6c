import * as t from 'io-ts';
import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { caseEventData, SuspensionProcedure } from '../events/case';
import { closed, Holder, Instant, Limit, NonEmptyString as S } from '../events/primitives';

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
    closed('TriageBadReviewData', { caseId: S, evaluationId: S, valid: t.boolean }, { assignee: S }),
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
};

export type CaseCommand = CommandsOf<typeof caseCommandCodecs>;
export type CaseCommandType = CaseCommand['type'];
export type CaseCommandOf<K extends CaseCommandType> = Extract<CaseCommand, { type: K }>;
export const caseCommandTypes = Object.keys(caseCommandCodecs) as CaseCommandType[];
export const decodeCaseCommand = commandDecoder(caseCommandCodecs, 'case');
