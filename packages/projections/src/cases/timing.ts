import { badReviewDeadlines, caseClockAt, DEFAULT_HALL_POLICY, dueTimesAt, type AlertLadder, type BadReviewDeadlines, type CaseClockView, type LimitKind, type WorkClock } from '@banjian/core';
import { clockOf, type HallContext } from './context';
import type { CaseFacts, EvaluationFacts } from './facts';

export type { LimitKind } from '@banjian/core';

/**
 * The definition variants a report may choose for on-time figures (spec §4), each recorded in the
 * figure's `variant`. What the hall decided for itself is in the log and never overridden here:
 * a restart after a correction is the `DeadlineRecomputed` the decider recorded under the hall's
 * policy, and a resumed clock is its `ClockSuspended`/`ClockResumed`.
 * - `transfers`: `case` (default) — the case keeps its acceptance clock whoever holds it;
 *   `segment` — a variant for halls whose rules give the receiving department a fresh limit from
 *   the day after the handover. Either way each department's own elapsed time is its segment clock.
 * - `judgeAt`: on time is judged at `completion` (default) or at `delivery`; under `delivery` an
 *   applicant no-show 逾期未领取 counts as on time, and a completed case not yet delivered is judged
 *   at the end of the period (late once its due time has passed).
 */
export interface ClockPolicy {
  transfers: 'segment' | 'case';
  judgeAt: 'completion' | 'delivery';
}

export const DEFAULT_CLOCK_POLICY: Readonly<ClockPolicy> = Object.freeze({ transfers: 'case', judgeAt: 'completion' });

/** The work clock of a case: its hall under the calendar version it last recorded. */
export const caseClock = (ctx: HallContext, facts: CaseFacts): WorkClock => clockOf(ctx, facts.hallId, facts.clock && dueTimesAt(facts.clock).due.calendarVersion);

/**
 * The clock of an accepted case at `atMs`: core's `caseClockAt` over the clock core's fold kept,
 * with the hall's clock under each pinned calendar version. Every figure, summary, watch and alert
 * reads due times, suspensions, extensions and the ladder from here.
 */
export const caseClockView = (ctx: HallContext, facts: CaseFacts, atMs: number, policy: ClockPolicy = DEFAULT_CLOCK_POLICY, ladder?: AlertLadder): CaseClockView => {
  if (!facts.clock) throw new RangeError(`case ${facts.caseId} has not been accepted`);
  return caseClockAt(facts.clock, (version) => clockOf(ctx, facts.hallId, version), atMs, { transfers: policy.transfers, ...(ladder ? { ladder } : {}) });
};

/** The instant on-time is judged at under the policy; `undefined` while there is nothing to judge yet. */
export const judgedAt = (facts: CaseFacts, policy: ClockPolicy, atMs: number): number | undefined => {
  if (facts.completedAt < 0 || facts.completedAt >= atMs) return undefined;
  if (policy.judgeAt === 'completion') return facts.completedAt;
  if (facts.deliveredAt >= 0 && facts.deliveredAt < atMs) return facts.deliveredAt;
  return atMs;
};

/**
 * Whether a case completed before `atMs` was on time (spec §4): judged at or before its effective
 * due time; under `judgeAt: 'delivery'` an applicant no-show counts as on time.
 */
export const completedOnTime = (ctx: HallContext, facts: CaseFacts, policy: ClockPolicy, atMs: number, kind: LimitKind = 'promised', view?: CaseClockView): boolean => {
  const judged = judgedAt(facts, policy, atMs);
  if (judged === undefined) return false;
  if (policy.judgeAt === 'delivery' && facts.noShowAt >= 0 && facts.noShowAt < atMs && facts.deliveredAt < 0) return true;
  return judged <= (view ?? caseClockView(ctx, facts, facts.completedAt, policy))[kind].dueAtMs;
};

/** Office milliseconds from acceptance to `untilMs` (or the close), every suspension excluded (spec §4 elapsed time). */
export const elapsedOfficeMs = (ctx: HallContext, facts: CaseFacts, untilMs: number): number =>
  facts.clock && untilMs > facts.acceptedAt ? Math.round(caseClockView(ctx, facts, untilMs).elapsedOfficeSeconds * 1000) : 0;

/**
 * A 差评's handling due times by core's one rule ("2、5、15", `badReviewDeadlines`): the
 * rectification due time the decider recorded at triage, else `rectifyWorkingDays` from the review.
 */
export const badReviewDeadlinesOf = (
  ctx: HallContext, facts: CaseFacts, e: EvaluationFacts, rectifyWorkingDays = DEFAULT_HALL_POLICY.evaluation.rectifyComplexWorkingDays,
): BadReviewDeadlines =>
  badReviewDeadlines(caseClock(ctx, facts), { ...DEFAULT_HALL_POLICY.evaluation, rectifyComplexWorkingDays: rectifyWorkingDays }, {
    submittedAtMs: e.atMs,
    ...(e.dueAtMs === undefined ? {} : { rectifyDueAtMs: e.dueAtMs }),
    ...(e.contactedAtMs === undefined ? {} : { contactedAtMs: e.contactedAtMs }),
    ...(e.rectifiedAtMs === undefined ? {} : { rectifiedAtMs: e.rectifiedAtMs }),
    ...(e.calledBackAtMs === undefined ? {} : { calledBackAtMs: e.calledBackAtMs }),
  });
