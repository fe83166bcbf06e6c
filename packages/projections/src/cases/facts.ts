import type { CaseKind, CompletionResult, EvaluationChannel, EvaluationLevel, Limit, Limits, Money } from '@banjian/core';
import { createHallContext, type HallContext } from './context';

/** Where a case stands, as its events say (spec §3). */
export type CaseStatus = 'submitted' | 'awaitingCorrection' | 'rejected' | 'withdrawn' | 'accepted' | 'suspended' | 'completed';

/** Who holds a case: department, window, staff. */
export interface HolderFacts {
  departmentId: string;
  windowId?: string;
  staffId?: string;
}

/** One holder's stretch of a case: from acceptance, or from a transfer's handover (转办). */
export interface SegmentFacts extends HolderFacts {
  fromMs: number;
  transfer: boolean;
}

/** A suspension 挂起 (special procedure, or a correction after acceptance 受理后补正). */
export interface SuspensionFacts {
  fromMs: number;
  /** Absent while the case is still suspended. */
  toMs?: number;
  procedure: string;
  correction: boolean;
}

/** An extension 延期 as recorded; `requestedAtMs` decides whether it came in time (spec §4). */
export interface ExtensionFacts {
  by: Limit;
  requestedAtMs: number;
}

/** A joint-review 并联审批 request to one department and how it was answered. */
export interface JointFacts {
  departmentId: string;
  replyDueAtMs: number;
  answeredAtMs?: number;
  opinion?: 'consent' | 'dissent';
  /** 超时默认: deemed consent after silence; never counted as an on-time reply. */
  deemedAtMs?: number;
}

/** An evaluation 好差评 with its bad-review handling and appeal. */
export interface EvaluationFacts {
  evaluationId: string;
  atMs: number;
  level: EvaluationLevel;
  channel: EvaluationChannel;
  round: 'first' | 'followUp';
  windowId?: string;
  staffId?: string;
  /** Bad-review triage: valid or not, with the rectification due time when given. */
  triagedValid?: boolean;
  dueAtMs?: number;
  rectifiedAtMs?: number;
  /** Appeal decided mistaken 误评 / malicious 恶意: kept in the log, excluded from every rate. */
  excluded: boolean;
}

/**
 * One case's facts 办件事实: a plain mutable record folded from its events, O(1) per event. Times
 * are epoch milliseconds of the events' `occurredAt` (business time); `-1` means "not yet".
 */
export interface CaseFacts {
  caseId: string;
  caseNo: string;
  hallId: string;
  itemCode: string;
  itemVersion: number | undefined;
  channel: string;
  applicantType: string;
  agentId: string | undefined;
  investment: Money | undefined;
  status: CaseStatus;
  submittedAt: number;
  /** Correction requests before acceptance (补齐补正, one-time notice); they stop no clock. */
  correctionsBeforeAcceptance: number;
  rejectedAt: number;
  withdrawnAt: number;
  acceptedAt: number;
  /** The accepting window, department and staff. */
  acceptedBy: HolderFacts | undefined;
  kind: CaseKind | undefined;
  limits: Limits | undefined;
  calendarVersion: string | undefined;
  promisedDueAt: number;
  statutoryDueAt: number;
  provisional: boolean;
  /** The current holder (the completing one once completed). */
  holder: HolderFacts | undefined;
  segments: SegmentFacts[];
  suspensions: SuspensionFacts[];
  extensions: ExtensionFacts[];
  escalated: boolean;
  joint: JointFacts[];
  decision: 'approved' | 'denied' | undefined;
  decidedAt: number;
  approvedAmount: Money | undefined;
  completedAt: number;
  result: CompletionResult | undefined;
  deliveredAt: number;
  /** 逾期未领取: the applicant was notified and did not collect; the case counts as on time. */
  noShowAt: number;
  visits: number;
  evaluations: EvaluationFacts[];
  followUps: { atMs: number; satisfied?: boolean }[];
  deadlineRecomputations: number;
  correctionsRecorded: number;
  /** Global position of the last event folded into this case. */
  position: number;
}

/** A consultation 咨询 (not a case). */
export interface ConsultationFacts {
  hallId: string;
  windowId: string | undefined;
  itemCode: string | undefined;
  atMs: number;
}

/** A complaint 投诉 and its answer. */
export interface ComplaintFacts {
  complaintId: string;
  hallId: string;
  caseId: string | undefined;
  subject: { kind: string; id: string };
  filedAt: number;
  answerDueAt: number;
  answeredAt: number;
}

/** The state of the `caseFacts` projection: context plus every case, consultation and complaint. */
export interface CaseFactsState {
  context: HallContext;
  cases: Map<string, CaseFacts>;
  consultations: ConsultationFacts[];
  complaints: Map<string, ComplaintFacts>;
  /** Global position of the last event folded. */
  position: number;
}

export const createCaseFactsState = (): CaseFactsState => ({
  context: createHallContext(),
  cases: new Map(),
  consultations: [],
  complaints: new Map(),
  position: 0,
});

export const newCaseFacts = (caseId: string, hallId: string, submittedAt: number): CaseFacts => ({
  caseId,
  caseNo: caseId,
  hallId,
  itemCode: '',
  itemVersion: undefined,
  channel: 'window',
  applicantType: 'person',
  agentId: undefined,
  investment: undefined,
  status: 'submitted',
  submittedAt,
  correctionsBeforeAcceptance: 0,
  rejectedAt: -1,
  withdrawnAt: -1,
  acceptedAt: -1,
  acceptedBy: undefined,
  kind: undefined,
  limits: undefined,
  calendarVersion: undefined,
  promisedDueAt: -1,
  statutoryDueAt: -1,
  provisional: false,
  holder: undefined,
  segments: [],
  suspensions: [],
  extensions: [],
  escalated: false,
  joint: [],
  decision: undefined,
  decidedAt: -1,
  approvedAmount: undefined,
  completedAt: -1,
  result: undefined,
  deliveredAt: -1,
  noShowAt: -1,
  visits: 0,
  evaluations: [],
  followUps: [],
  deadlineRecomputations: 0,
  correctionsRecorded: 0,
  position: 0,
});
