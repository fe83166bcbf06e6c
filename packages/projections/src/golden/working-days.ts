import type { LocalDate, WorkClock } from '@banjian/core';
import { addDays } from '../figures/period';

/** The working days of `[from, to)` by the clock's calendar (make-up days in, holidays out). */
export const workingDaysIn = (clock: WorkClock, from: LocalDate, to: LocalDate): LocalDate[] => {
  const out: LocalDate[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) if (clock.isWorkingDay(d)) out.push(d);
  return out;
};

/** An instant on a local date at `HH:MM` (+ seconds) in the clock's zone. */
export const atTime = (clock: WorkClock, date: LocalDate, hhmm: string, seconds = 0): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return clock.startOfDay(date) + (h * 60 + m) * 60_000 + seconds * 1000;
};

/** The n-th working day after a date (the date itself not counted). */
export const workingDayAfter = (clock: WorkClock, date: LocalDate, n: number): LocalDate => {
  let d = date;
  for (let k = 0; k < n; ) {
    d = addDays(d, 1);
    if (clock.isWorkingDay(d)) k++;
  }
  return d;
};

/** Spreads `count` things over the days as evenly as the order allows: the day of the i-th. */
export const spread = <T>(days: readonly T[], count: number, i: number): T => days[Math.floor((i * days.length) / count)]!;
