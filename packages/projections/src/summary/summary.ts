import { parseInstant, type AlertLadder, type AlertLevel, type CaseKind } from '@banjian/core';
import type { CaseFacts, CaseFactsState, HolderFacts } from '../cases/facts';
import { caseClock, caseClockView, completedOnTime, DEFAULT_CLOCK_POLICY, type ClockPolicy } from '../cases/timing';

/** Where a case is at an instant: before acceptance, running, suspended 挂起, or closed. */
export type SummaryState = 'submitted' | 'awaitingCorrection' | 'inProgress' | 'suspended' | 'completed' | 'rejected' | 'withdrawn';

export interface SummaryOptions {
  readonly policy?: ClockPolicy;
  readonly ladder?: AlertLadder;
}

/** The deadline part of a summary, for an accepted case (times ISO-8601 in the hall's zone). */
export interface SummaryClock {
  /** Effective promised due time 承诺时限 (limit + in-time extensions + suspensions). */
  promisedDueAt: string;
  /** Effective statutory due time 法定时限. */
  statutoryDueAt: string;
  /** A due time lies in a year with no announced calendar yet (cleared once the notice is loaded and the deadline recomputed). */
  provisional: boolean;
  /** An extension was recorded after the due time: recorded, not granted. */
  lateExtension: boolean;
  /** Working days elapsed since acceptance, suspensions excluded. */
  elapsedWorkingDays: number;
  /** Working days left to the promised due time (negative once overdue), while open. */
  remainingWorkingDays?: number;
  remainingOfficeSeconds?: number;
  /** Promised-limit alert ladder at the instant, while open; `normal` when no rung is reached. */
  level: 'normal' | AlertLevel;
  reached: AlertLevel[];
  /** The statutory limit's own ladder 法定时限 (行政许可法 §42), while open. */
  statutory?: { remainingWorkingDays: number; level: 'normal' | AlertLevel; reached: AlertLevel[] };
  statutoryOverdue: boolean;
  /** Completed cases: on time against the effective promised due time. */
  onTime?: boolean;
}

/** Case summary 办件概要: state, holder, due times, remaining working time, alert level at an instant. */
export interface CaseSummary {
  caseId: string;
  caseNo: string;
  hallId: string;
  itemCode: string;
  kind?: CaseKind;
  at: string;
  state: SummaryState;
  holder?: HolderFacts;
  acceptedBy?: HolderFacts;
  acceptedAt?: string;
  completedAt?: string;
  clock?: SummaryClock;
}

const happened = (ms: number, atMs: number): boolean => ms >= 0 && ms <= atMs;

const suspendedAt = (facts: CaseFacts, atMs: number): boolean => {
  for (const s of facts.clock?.suspensions ?? []) if (s.fromMs <= atMs && (s.toMs === undefined || s.toMs > atMs)) return true;
  return false;
};

/** The summary's state of a case at `atMs` (read models keep it as a column). */
export const stateAt = (facts: CaseFacts, atMs: number): SummaryState => {
  if (happened(facts.completedAt, atMs)) return 'completed';
  if (happened(facts.rejectedAt, atMs)) return 'rejected';
  if (happened(facts.withdrawnAt, atMs)) return 'withdrawn';
  if (!happened(facts.acceptedAt, atMs)) return facts.status === 'awaitingCorrection' ? 'awaitingCorrection' : 'submitted';
  return suspendedAt(facts, atMs) ? 'suspended' : 'inProgress';
};

/** Whether a case is accepted and not yet closed at `atMs`. */
export const isOpenAt = (facts: CaseFacts, atMs: number): boolean => {
  const state = stateAt(facts, atMs);
  return state === 'inProgress' || state === 'suspended';
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

const clockAt = (state: CaseFactsState, facts: CaseFacts, atMs: number, open: boolean, options: SummaryOptions): SummaryClock => {
  const policy = options.policy ?? DEFAULT_CLOCK_POLICY;
  const view = caseClockView(state.context, facts, open ? atMs : facts.completedAt, policy, options.ladder);
  const clock = caseClock(state.context, facts);
  const days = (seconds: number): number => round2(seconds / clock.officeSecondsPerDay);
  const summary: SummaryClock = {
    promisedDueAt: clock.toInstant(view.promised.dueAtMs),
    statutoryDueAt: clock.toInstant(view.statutory.dueAtMs),
    provisional: view.provisional,
    lateExtension: view.lateExtensions > 0,
    elapsedWorkingDays: days(view.elapsedOfficeSeconds),
    level: 'normal',
    reached: [],
    statutoryOverdue: view.statutory.overdue,
  };
  if (open) {
    summary.remainingOfficeSeconds = view.promised.remainingOfficeSeconds;
    summary.remainingWorkingDays = days(view.promised.remainingOfficeSeconds);
    summary.level = view.promised.level;
    summary.reached = [...view.promised.reached];
    summary.statutory = { remainingWorkingDays: days(view.statutory.remainingOfficeSeconds), level: view.statutory.level, reached: [...view.statutory.reached] };
  } else {
    summary.onTime = completedOnTime(state.context, facts, policy, atMs + 1, 'promised', view);
  }
  return summary;
};

/**
 * The summary of one case at an instant, from the per-case facts (folded up to that instant: use
 * the runner's as-of for a past view); `undefined` for a case the facts do not hold.
 */
export const caseSummaryAt = (state: CaseFactsState, caseId: string, at: number | string, options: SummaryOptions = {}): CaseSummary | undefined => {
  const facts = state.cases.get(caseId);
  if (!facts) return undefined;
  const atMs = typeof at === 'number' ? at : parseInstant(at);
  const summaryState = stateAt(facts, atMs);
  const accepted = happened(facts.acceptedAt, atMs) && facts.limits !== undefined;
  const open = summaryState === 'inProgress' || summaryState === 'suspended';
  const clock = accepted && (open || summaryState === 'completed') ? clockAt(state, facts, atMs, open, options) : undefined;
  const zoneClock = accepted ? caseClock(state.context, facts) : undefined;
  const iso = (ms: number): string => (zoneClock ? zoneClock.toInstant(ms) : new Date(ms).toISOString());
  return {
    caseId,
    caseNo: facts.caseNo,
    hallId: facts.hallId,
    itemCode: facts.itemCode,
    ...(facts.kind ? { kind: facts.kind } : {}),
    at: iso(atMs),
    state: summaryState,
    ...(accepted && facts.holder ? { holder: { ...facts.holder } } : {}),
    ...(accepted && facts.acceptedBy ? { acceptedBy: { ...facts.acceptedBy } } : {}),
    ...(accepted ? { acceptedAt: iso(facts.acceptedAt) } : {}),
    ...(summaryState === 'completed' ? { completedAt: iso(facts.completedAt) } : {}),
    ...(clock ? { clock } : {}),
  };
};
