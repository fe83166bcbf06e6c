import type { EventUnion } from '../auth/decision';
import type { CaseClockState } from '../clock/case-clock-state';
import type { CompletionResult, EvaluationChannel, EvaluationLevel, SuspensionProcedure } from '../events/case';
import type { CaseEventType } from '../events/registry';
import type { CaseKind, Holder, Limit, Limits, LocalDate } from '../events/primitives';

export type CaseEvent = EventUnion<CaseEventType>;

/** Where a case stands on the machine of spec §3 (`new`: nothing submitted yet). */
export type CaseStatus =
  | 'new' | 'submitted' | 'awaitingCorrection' | 'rejected' | 'withdrawn'
  | 'accepted' | 'inProgress' | 'suspended' | 'decided' | 'completed' | 'delivered';

/** Accepted and still being worked on (not suspended, not decided). */
export const HANDLING: readonly CaseStatus[] = ['accepted', 'inProgress'];
/** Accepted and not yet completed: the cases whose clock matters. */
export const OPEN_ACCEPTED: readonly CaseStatus[] = ['accepted', 'inProgress', 'suspended', 'decided'];
/** Any state a case can still move out of (alerts attach to these). */
export const OPEN: readonly CaseStatus[] = ['submitted', 'awaitingCorrection', ...OPEN_ACCEPTED];
export const COMPLETED: readonly CaseStatus[] = ['completed', 'delivered'];

export interface BadReviewHandling {
  readonly triage?: { readonly valid: boolean; readonly assignee?: string; readonly dueAt?: string; readonly at: string };
  readonly repliedAt?: string;
  readonly rectifiedAt?: string;
  readonly calledBack?: { readonly satisfied: boolean; readonly at: string };
}

export interface EvaluationState {
  readonly evaluationId: string;
  readonly level: EvaluationLevel;
  readonly round: 'first' | 'followUp';
  readonly channel: EvaluationChannel;
  readonly submittedAt: string;
  readonly windowId?: string;
  readonly staffId?: string;
  /** Set by an appeal decided mistaken 误评 / malicious 恶意: out of the rates, kept in the log. */
  readonly excluded: boolean;
  readonly appeal?: { readonly reason: string; readonly outcome?: 'upheld' | 'mistaken' | 'malicious' };
  readonly badReview?: BadReviewHandling;
}

/** An extension 延期 as recorded; whether it counted is the clock's to say (`caseClockAt`: lateExtensions). */
export interface ExtensionRecord {
  readonly by: Limit;
  readonly approvedBy: string;
  readonly requestedAt: string;
}

export interface OpenAlert {
  readonly alertId: string;
  readonly rule: string;
  readonly level: 'approaching' | 'overdue' | 'yellowCard' | 'redCard';
  readonly dueAt: string;
  readonly departmentId: string;
  readonly raisedAt: string;
}

export interface JointReviewState {
  readonly replyDueAt: string;
  readonly departments: Readonly<Record<string, { readonly opinion?: 'consent' | 'dissent'; readonly deemed: boolean }>>;
}

/** The state of one case: what the deciders, projections and the alert scheduler need. */
export interface CaseState {
  readonly status: CaseStatus;
  readonly caseId?: string;
  readonly caseNo?: string;
  readonly hallId?: string;
  readonly itemCode?: string;
  readonly itemVersion?: number;
  readonly applicant?: { readonly type: 'person' | 'organisation'; readonly ref: string };
  readonly agentId?: string;
  readonly submittedAt?: string;
  /** Pre-acceptance correction requests so far (一次性告知: one). */
  readonly correctionNotices: number;
  /** An open correction request: before acceptance (awaitingCorrection) or after (suspends the clock). */
  readonly correction?: { readonly missing: readonly string[]; readonly afterAcceptance: boolean; readonly requestedAt: string };
  readonly acceptedAt?: string;
  readonly kind?: CaseKind;
  readonly limits?: Limits;
  /**
   * The case's clock, folded by `foldCaseClock` (the one fold every projection uses too): due
   * times as recorded, suspensions, extensions, handovers. Read it with `caseClockAt`.
   */
  readonly clock?: CaseClockState;
  readonly holder?: Holder;
  readonly suspension?: { readonly procedure: SuspensionProcedure; readonly since: string; readonly resumeTo: CaseStatus };
  readonly extensions: readonly ExtensionRecord[];
  readonly jointReview?: JointReviewState;
  readonly escalation?: { readonly authority: string; readonly since: string };
  readonly escalated: boolean;
  readonly steps: number;
  readonly decision?: { readonly outcome: 'approved' | 'denied'; readonly at: string };
  readonly result?: CompletionResult;
  readonly completedAt?: string;
  readonly deliveredAt?: string;
  readonly noShow?: LocalDate;
  readonly visits: number;
  readonly firstEvaluationId?: string;
  readonly evaluations: Readonly<Record<string, EvaluationState>>;
  readonly followUps: number;
  readonly openAlerts: Readonly<Record<string, OpenAlert>>;
  readonly corrections: readonly { readonly corrects: string; readonly fields: Readonly<Record<string, unknown>>; readonly reason: string }[];
  /** Every event id folded, in order (compensating corrections must refer to one of these). */
  readonly eventIds: readonly string[];
}

/**
 * A case before its first event. Every field is present, the optional ones undefined, so that all
 * states have one shape and evolve's copies stay on the engine's fast path (states whose keys vary
 * from event to event cost about twice as much to fold, measured).
 */
export const initialCaseState = (): CaseState => {
  const initial: { readonly [K in keyof Required<CaseState>]: CaseState[K] } = {
    status: 'new',
    caseId: undefined,
    caseNo: undefined,
    hallId: undefined,
    itemCode: undefined,
    itemVersion: undefined,
    applicant: undefined,
    agentId: undefined,
    submittedAt: undefined,
    correctionNotices: 0,
    correction: undefined,
    acceptedAt: undefined,
    kind: undefined,
    limits: undefined,
    clock: undefined,
    holder: undefined,
    suspension: undefined,
    extensions: [],
    jointReview: undefined,
    escalation: undefined,
    escalated: false,
    steps: 0,
    decision: undefined,
    result: undefined,
    completedAt: undefined,
    deliveredAt: undefined,
    noShow: undefined,
    visits: 0,
    firstEvaluationId: undefined,
    evaluations: {},
    followUps: 0,
    openAlerts: {},
    corrections: [],
    eventIds: [],
  };
  return initial;
};
