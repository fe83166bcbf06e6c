import { caseDeadline, type CaseClockInput } from './case-clock';
import type { WorkClock } from './work-clock';

/** Supervision alert levels in ascending order: 黄灯, 红灯, 黄牌, 红牌 (spec §4). */
export type AlertLevel = 'approaching' | 'overdue' | 'yellowCard' | 'redCard';

export const ALERT_LEVELS: readonly AlertLevel[] = ['approaching', 'overdue', 'yellowCard', 'redCard'];

export interface AlertLadder {
  /** `approaching` when at most this many working days of office time remain … */
  readonly approachingWorkingDays: number;
  /** … or at most this fraction of the case's office time remains. */
  readonly approachingFraction: number;
  /** `redCard` when the case is still open this many working days after its yellow card. */
  readonly redCardAfterWorkingDays: number;
}

export const DEFAULT_ALERT_LADDER: AlertLadder = Object.freeze({
  approachingWorkingDays: 1,
  approachingFraction: 0.2,
  redCardAfterWorkingDays: 3,
});

export interface AlertState {
  readonly dueAt: number;
  /** Office seconds from `atMs` to the due time; negative once overdue. */
  readonly remainingOfficeSeconds: number;
  readonly reached: AlertLevel[];
  readonly level: 'normal' | AlertLevel;
}

/** A running limit's span on its clock: where the limit counts from and its effective due time. */
export interface ClockSpan {
  readonly startMs: number;
  readonly dueAt: number;
  /** Office seconds suspended between the start and the instant judged. */
  readonly suspendedOfficeSeconds: number;
}

/**
 * Where a limit stands on the supervision ladder 预警/黄牌/红牌 (spec §4) at `atMs`. The fraction
 * applies to the limit's own office time (start to effective due time, suspensions excluded).
 * Overdue means strictly after the due time (completion at the due time is on time); the yellow
 * card comes with overdue; the red card once `atMs` is after the close of the N-th working day
 * after the due date.
 */
export const ladderAt = (clock: WorkClock, span: ClockSpan, atMs: number, ladder: AlertLadder = DEFAULT_ALERT_LADDER): AlertState => {
  const { dueAt } = span;
  const remaining = clock.officeSecondsBetween(atMs, dueAt);
  const allowed = clock.officeSecondsBetween(span.startMs, dueAt) - span.suspendedOfficeSeconds;
  const reached: AlertLevel[] = [];
  if (remaining <= ladder.approachingWorkingDays * clock.officeSecondsPerDay || remaining <= ladder.approachingFraction * allowed) {
    reached.push('approaching');
  }
  if (atMs > dueAt) {
    reached.push('overdue', 'yellowCard');
    const redAt = ladder.redCardAfterWorkingDays > 0
      ? clock.dueAt(dueAt, { value: ladder.redCardAfterWorkingDays, unit: 'workingDays' }).dueAt
      : dueAt;
    if (atMs > redAt) reached.push('redCard');
  }
  return { dueAt, remainingOfficeSeconds: remaining, reached, level: reached.at(-1) ?? 'normal' };
};

/** Where a clock input stands on the alert ladder at `atMs` (see `ladderAt`). */
export const alertState = (clock: WorkClock, input: CaseClockInput, atMs: number, ladder: AlertLadder = DEFAULT_ALERT_LADDER): AlertState => {
  const { dueAt, suspendedOfficeSeconds } = caseDeadline(clock, input, atMs);
  return ladderAt(clock, { startMs: input.startMs, dueAt, suspendedOfficeSeconds }, atMs, ladder);
};
