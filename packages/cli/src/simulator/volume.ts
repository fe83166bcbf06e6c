import type { WorkCalendar } from '@banjian/core';
import type { Random } from './random';

/**
 * Relative volume by month: quiet around the Spring Festival (February), busy in March after it
 * and in September before the National Day holiday, slower in October.
 */
export const MONTH_WEIGHTS: readonly number[] = [0.95, 0.7, 1.25, 1.05, 1.0, 1.0, 0.95, 0.95, 1.2, 0.85, 1.0, 1.05];
/** Mondays are busiest, Fridays quieter (index: Sunday = 0, for make-up working Saturdays/Sundays too). */
const WEEKDAY_WEIGHTS: readonly number[] = [0.8, 1.15, 1.05, 1.0, 1.0, 0.9, 0.8];
/** Working days this close (natural days) to the Spring Festival holiday are half as busy. */
const SPRING_FESTIVAL_REACH = 7;
const DAY_MS = 86_400_000;

export interface DayVolume {
  readonly date: string;
  readonly cases: number;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The working days of a year in the calendar (holidays out, make-up working days 调休 in). */
export const workingDaysOf = (calendar: WorkCalendar, year: number): string[] => {
  const days: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
    const date = isoDate(ms);
    if (calendar.isWorkingDay(date)) days.push(date);
  }
  return days;
};

const springFestivalDays = (calendar: WorkCalendar, year: number): number[] => {
  const out: number[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year, 2, 31); ms += DAY_MS) {
    const info = calendar.dayInfo(isoDate(ms));
    if (!info.working && info.name === '春节') out.push(ms);
  }
  return out;
};

/**
 * Spreads `total` applications over the year's working days by month, weekday, the Spring Festival
 * dip and ±15 % daily noise; the day counts add up to `total` exactly (largest remainder).
 */
export const dailyVolumes = (calendar: WorkCalendar, year: number, total: number, rng: Random): DayVolume[] => {
  const days = workingDaysOf(calendar, year);
  const festival = springFestivalDays(calendar, year);
  const weights = days.map((date) => {
    const ms = Date.parse(`${date}T00:00:00Z`);
    const near = festival.some((f) => Math.abs(f - ms) <= SPRING_FESTIVAL_REACH * DAY_MS);
    return MONTH_WEIGHTS[new Date(ms).getUTCMonth()]! * WEEKDAY_WEIGHTS[new Date(ms).getUTCDay()]! * (near ? 0.5 : 1) * (0.85 + 0.3 * rng.next());
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length]![1]]!++;
  return days.map((date, i) => ({ date, cases: counts[i]! }));
};
