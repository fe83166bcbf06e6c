import { suspendedOfficeSeconds, type CaseClockInput, type Limit, type WorkClock } from '@banjian/core';
import { clockOf, type HallContext } from './context';
import type { CaseFacts } from './facts';

/**
 * A hall's clock policy (spec §4), chosen per report and recorded with the figures it produced:
 * - `correction`: after a correction following acceptance the clock `restart`s from the day after
 *   the supplement (default, local 限时办结 rules) or `resume`s (the correction is a suspension);
 * - `transfers`: `case` (default) — the case keeps its acceptance clock: on time means promised limit
 *   + extensions + suspensions (spec §4), whoever holds it; `segment` — a variant for halls whose
 *   rules give the receiving department a fresh limit from the day after the handover. Either
 *   way each department's own elapsed time is its segment clock (`segmentElapsed`);
 * - `judgeAt`: on time is judged at `completion` (default) or at `delivery`; under `delivery` an
 *   applicant no-show 逾期未领取 counts as on time, and a completed case not yet delivered is judged
 *   at the end of the period (late once its due time has passed). Under `completion` delivery and
 *   no-shows do not matter.
 */
export interface ClockPolicy {
  correction: 'restart' | 'resume';
  transfers: 'segment' | 'case';
  judgeAt: 'completion' | 'delivery';
}

export const DEFAULT_CLOCK_POLICY: Readonly<ClockPolicy> = Object.freeze({ correction: 'restart', transfers: 'case', judgeAt: 'completion' });

/** Which limit a deadline follows: promised 承诺时限 (on-time figures) or statutory 法定时限. */
export type LimitKind = 'promised' | 'statutory';

export interface CaseDeadlineFacts {
  clock: WorkClock;
  /** Where the limit counts from: acceptance, a correction restart, or the last handover. */
  startMs: number;
  /** Effective due time: limit + in-time extensions + suspended office time. */
  dueAt: number;
  /** An extension was requested after the due time: recorded, not granted (spec §4). */
  lateExtension: boolean;
}

/** The clock of the case: its hall under the calendar version pinned at acceptance. */
export const caseClock = (ctx: HallContext, facts: CaseFacts): WorkClock => clockOf(ctx, facts.hallId, facts.calendarVersion);

const clockStart = (facts: CaseFacts, policy: ClockPolicy, horizonMs: number): number => {
  let start = facts.acceptedAt;
  if (policy.correction === 'restart') {
    for (const s of facts.suspensions) if (s.correction && s.toMs !== undefined && s.toMs <= horizonMs && s.toMs > start) start = s.toMs;
  }
  if (policy.transfers === 'segment') {
    for (const seg of facts.transfers) if (seg.fromMs <= horizonMs && seg.fromMs > start) start = seg.fromMs;
  }
  return start;
};

/**
 * The clock input of a case under a policy as it stood at `horizonMs`: start, limit and the
 * suspensions that count (later events — suspensions, restarts, handovers — are not known yet).
 */
export const caseClockInput = (facts: CaseFacts, policy: ClockPolicy, horizonMs = Infinity, kind: LimitKind = 'promised'): CaseClockInput => {
  const limits = facts.limits;
  if (!limits || facts.acceptedAt < 0) throw new RangeError(`case ${facts.caseId} has not been accepted`);
  const suspensions = facts.suspensions.filter(
    (s) => s.fromMs < horizonMs && !(policy.correction === 'restart' && s.correction && s.toMs !== undefined && s.toMs <= horizonMs),
  );
  return { startMs: clockStart(facts, policy, horizonMs), limit: limits[kind], extensions: [], suspensions };
};

/**
 * The effective due time of an accepted case as it stood at `atMs` (an open suspension counts up to
 * it; events after it are not known yet). The
 * base is the due time recorded at acceptance (or by `DeadlineRecomputed`) while the clock runs
 * from acceptance; a restart or a segment clock recomputes it with the pinned calendar. Each
 * extension runs from the due time before it and only counts when requested by then.
 */
export const caseDeadlineAt = (ctx: HallContext, facts: CaseFacts, policy: ClockPolicy, atMs: number, kind: LimitKind = 'promised'): CaseDeadlineFacts => {
  const clock = caseClock(ctx, facts);
  const input = caseClockInput(facts, policy, atMs, kind);
  const recorded = kind === 'promised' ? facts.promisedDueAt : facts.statutoryDueAt;
  let due = input.startMs === facts.acceptedAt && recorded >= 0 ? recorded : clock.dueAt(input.startMs, input.limit).dueAt;
  const suspended = suspendedOfficeSeconds(clock, input, atMs, atMs);
  let lateExtension = false;
  for (const extension of facts.extensions) {
    if (extension.requestedAtMs > atMs) continue;
    const dueNow = suspended > 0 ? clock.addOfficeSeconds(due, suspendedOfficeSeconds(clock, input, atMs, extension.requestedAtMs)) : due;
    if (extension.requestedAtMs > dueNow) lateExtension = true;
    else due = extendBy(clock, due, extension.by);
  }
  return { clock, startMs: input.startMs, dueAt: suspended > 0 ? clock.addOfficeSeconds(due, suspended) : due, lateExtension };
};

const extendBy = (clock: WorkClock, due: number, by: Limit): number => clock.dueAt(due, by).dueAt;

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
export const completedOnTime = (ctx: HallContext, facts: CaseFacts, policy: ClockPolicy, atMs: number, kind: LimitKind = 'promised'): boolean => {
  const judged = judgedAt(facts, policy, atMs);
  if (judged === undefined) return false;
  if (policy.judgeAt === 'delivery' && facts.noShowAt >= 0 && facts.noShowAt < atMs && facts.deliveredAt < 0) return true;
  return judged <= caseDeadlineAt(ctx, facts, policy, atMs, kind).dueAt;
};

/** Office milliseconds from acceptance to `untilMs`, every suspension excluded (spec §4 elapsed time). */
export const elapsedOfficeMs = (ctx: HallContext, facts: CaseFacts, untilMs: number): number => {
  if (!(untilMs > facts.acceptedAt)) return 0;
  const clock = caseClock(ctx, facts);
  const gross = clock.officeSecondsBetween(facts.acceptedAt, untilMs);
  const input = { startMs: facts.acceptedAt, limit: { value: 1, unit: 'workingDays' as const }, extensions: [], suspensions: facts.suspensions };
  return Math.max(0, Math.round((gross - suspendedOfficeSeconds(clock, input, untilMs, untilMs)) * 1000));
};
