import type { CaseClockState, CaseKind, CompletionResult, EvaluationChannel, EvaluationLevel, Limits, Money, RecordedDueTimes } from '@banjian/core';
import { createHallContext, type HallContext } from './context';

/** Where a case stands, as its events say (spec §3). */
export type CaseStatus = 'submitted' | 'awaitingCorrection' | 'rejected' | 'withdrawn' | 'accepted' | 'suspended' | 'completed';

/** Who holds a case: department, window, staff. */
export interface HolderFacts {
  departmentId: string;
  windowId?: string;
  staffId?: string;
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
  /** 差评 "2、5、15": contacted 联系 (BadReviewReplied), rectified (closes it), called back 回访. */
  contactedAtMs?: number;
  rectifiedAtMs?: number;
  calledBackAtMs?: number;
  /** Appeal decided mistaken 误评 / malicious 恶意: kept in the log, excluded from every rate. */
  excluded: boolean;
}

/** A late entry 补录: when it was recorded (the engine's clock), who sent it, the department holding the case. */
export interface LateEntryFacts {
  recordedAtMs: number;
  staffId: string;
  departmentId: string | undefined;
}

/**
 * One case's facts 办件事实: a plain mutable record folded from its events, O(1) per event. Times
 * are epoch milliseconds of the events' `occurredAt` (business time); `-1` means "not yet". Lists
 * start as one shared empty array and are replaced on their first entry (a million-event fold
 * allocates only what it keeps); read them, never push to them.
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
  /**
   * The case's clock as core's `foldCaseClock` folds it (the case decider's own fold): due times
   * as recorded, suspensions, extensions, handovers. Read it through `caseClockView` (timing.ts).
   */
  clock: CaseClockState | undefined;
  /** The current holder (the completing one once completed); the accepting holder until a transfer (转办: the clock's `handovers`). */
  holder: HolderFacts | undefined;
  escalated: boolean;
  joint: readonly JointFacts[];
  decision: 'approved' | 'denied' | undefined;
  decidedAt: number;
  approvedAmount: Money | undefined;
  completedAt: number;
  result: CompletionResult | undefined;
  deliveredAt: number;
  /** 逾期未领取: the applicant was notified and did not collect; the case counts as on time. */
  noShowAt: number;
  visits: number;
  evaluations: readonly EvaluationFacts[];
  followUps: readonly { atMs: number; satisfied?: boolean }[];
  correctionsRecorded: number;
  lateEntries: readonly LateEntryFacts[];
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
  /**
   * One copy of each low-cardinality string (hall, item, channel, department, window, staff,
   * calendar version) and of each holder: events parsed from a store carry their own copies, and
   * a record kept per case must not keep a million of them alive.
   */
  strings: Map<string, string>;
  holders: Map<string, HolderFacts>;
  limits: Map<string, Limits>;
  /** The clocks' due times recorded at acceptance, by promised then statutory due time (ms), one per calendar version. */
  dueTimes: Map<number, Map<number, RecordedDueTimes[]>>;
}

export const createCaseFactsState = (): CaseFactsState => ({
  context: createHallContext(),
  cases: new Map(),
  consultations: [],
  complaints: new Map(),
  position: 0,
  strings: new Map(),
  holders: new Map(),
  limits: new Map(),
  dueTimes: new Map(),
});

/** The single copy of a string that `table` keeps (the first one it was given). */
export const internText = (table: Map<string, string>, s: string): string => {
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  table.set(s, s);
  return s;
};

/** The state's single copy of a string. */
export const internString = (state: CaseFactsState, s: string): string => internText(state.strings, s);

/** The state's single (frozen) copy of a pair of limits. */
export const internLimits = (state: CaseFactsState, limits: Limits): Limits => {
  const { statutory: s, promised: p } = limits;
  const key = `${s.value} ${s.unit} ${p.value} ${p.unit}`;
  let hit = state.limits.get(key);
  if (!hit) {
    hit = Object.freeze({ statutory: Object.freeze({ value: s.value, unit: s.unit }), promised: Object.freeze({ value: p.value, unit: p.unit }) });
    state.limits.set(key, hit);
  }
  return hit;
};

/** The state's single (frozen) copy of a set of recorded due times (keyed by numbers: no key text to build per case). */
export const internDueTimes = (state: CaseFactsState, due: RecordedDueTimes): RecordedDueTimes => {
  let byStatutory = state.dueTimes.get(due.promisedDueMs);
  if (!byStatutory) state.dueTimes.set(due.promisedDueMs, (byStatutory = new Map()));
  let versions = byStatutory.get(due.statutoryDueMs);
  if (!versions) byStatutory.set(due.statutoryDueMs, (versions = []));
  for (const v of versions) if (v.calendarVersion === due.calendarVersion) return v;
  const copy = Object.freeze({ calendarVersion: internString(state, due.calendarVersion), promisedDueMs: due.promisedDueMs, statutoryDueMs: due.statutoryDueMs });
  versions.push(copy);
  return copy;
};

/** The state's single (frozen) copy of a holder. */
export const internHolder = (state: CaseFactsState, h: { departmentId: string; windowId?: string; staffId?: string }): HolderFacts => {
  const key = `${h.departmentId}\u0000${h.windowId ?? ''}\u0000${h.staffId ?? ''}`;
  let holder = state.holders.get(key);
  if (!holder) {
    holder = Object.freeze({
      departmentId: internString(state, h.departmentId),
      ...(h.windowId !== undefined ? { windowId: internString(state, h.windowId) } : {}),
      ...(h.staffId !== undefined ? { staffId: internString(state, h.staffId) } : {}),
    });
    state.holders.set(key, holder);
  }
  return holder;
};

const NONE: readonly never[] = Object.freeze([]);

/** Appends to a fact list, replacing the shared empty list on the first entry. */
export const appended = <T>(list: readonly T[], item: T): readonly T[] => {
  if (list.length === 0) return [item];
  (list as T[]).push(item);
  return list;
};

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
  clock: undefined,
  holder: undefined,
  escalated: false,
  joint: NONE,
  decision: undefined,
  decidedAt: -1,
  approvedAmount: undefined,
  completedAt: -1,
  result: undefined,
  deliveredAt: -1,
  noShowAt: -1,
  visits: 0,
  evaluations: NONE,
  followUps: NONE,
  correctionsRecorded: 0,
  lateEntries: NONE,
  position: 0,
});
