import { DEFAULT_ALERT_LADDER, type AlertLadder, type AlertLevel, type WorkClock } from '@banjian/core';

/** A running case's span on its clock: where the limit counts from and the effective due time. */
export interface ClockSpan {
  readonly startMs: number;
  readonly dueAt: number;
  /** Office seconds suspended between the start and the instant judged. */
  readonly suspendedOfficeSeconds: number;
}

export interface LadderPosition {
  /** Office seconds from the instant judged to the due time; negative once overdue. */
  readonly remainingOfficeSeconds: number;
  /** Every rung reached, in ladder order; the last one is the level. */
  readonly reached: AlertLevel[];
  readonly level: 'normal' | AlertLevel;
}

/**
 * Where an open case stands on the supervision ladder 预警/黄牌/红牌 (spec §4) at `atMs`, given its
 * effective due time as the case facts compute it (recorded due time, in-time extensions,
 * suspensions). Same rungs as the clock's `alertState`: approaching when at most N working days or
 * the ladder's fraction of the case's own office time remain; overdue and yellow card strictly
 * after the due time; red card after the close of the N-th working day after the due date.
 */
export const ladderPosition = (clock: WorkClock, span: ClockSpan, atMs: number, ladder: AlertLadder = DEFAULT_ALERT_LADDER): LadderPosition => {
  const remaining = clock.officeSecondsBetween(atMs, span.dueAt);
  const allowed = clock.officeSecondsBetween(span.startMs, span.dueAt) - span.suspendedOfficeSeconds;
  const reached: AlertLevel[] = [];
  const nearDays = remaining <= ladder.approachingWorkingDays * clock.officeSecondsPerDay;
  if (nearDays || remaining <= ladder.approachingFraction * allowed) reached.push('approaching');
  if (atMs > span.dueAt) {
    reached.push('overdue', 'yellowCard');
    const redAfter = ladder.redCardAfterWorkingDays > 0 ? clock.dueAt(span.dueAt, { value: ladder.redCardAfterWorkingDays, unit: 'workingDays' }).dueAt : span.dueAt;
    if (atMs > redAfter) reached.push('redCard');
  }
  return { remainingOfficeSeconds: remaining, reached, level: reached.at(-1) ?? 'normal' };
};
