import type { WorkClock } from '../clock/work-clock';
import type { Limits, LocalDate } from '../events/primitives';

/**
 * Is the promised limit 承诺时限 within the statutory one 法定时限 (spec §2 invariant)?
 *
 * The rule, unit-aware: limits in the same unit compare by value, whatever the calendar. Limits in
 * different units (say 15 natural days against 10 working days) have no fixed ratio — a holiday
 * week changes it — so they compare by due time on the hall's clock, started at the beginning of
 * the day the item takes effect: the promised due time must not be later than the statutory one.
 */
export const promisedWithinStatutory = (limits: Limits, clock: WorkClock, effectiveFrom: LocalDate): boolean => {
  const { promised, statutory } = limits;
  if (promised.unit === statutory.unit) return promised.value <= statutory.value;
  const start = clock.startOfDay(effectiveFrom);
  return clock.dueAt(start, promised).dueAt <= clock.dueAt(start, statutory).dueAt;
};
