import type { WorkClock } from '@banjian/core';
import { workingDaysOf } from './volume';

/** Office minutes of a day (09:00–12:00 and 13:30–17:30, the default office hours of spec §2). */
export const OFFICE_MINUTES = 420;
const MORNING_MINUTES = 180;
const MINUTE_MS = 60_000;

/** A simulated moment: a working day (index into the timeline) and an office minute of it. */
export interface Moment {
  readonly day: number;
  readonly minute: number;
}

/**
 * The working days of the simulated year and a little beyond it (so limits that run past New Year
 * still land on a day), and the instant of any moment in the hall's zone.
 */
export interface Timeline {
  readonly year: number;
  /** Working days of the simulated year: moments with a smaller day index are in the year. */
  readonly daysInYear: number;
  date(day: number): string;
  /** The index of a working date, or the first working day after it. */
  dayOf(date: string): number;
  instant(moment: Moment): string;
  epochMs(moment: Moment): number;
}

export const createTimeline = (clock: WorkClock, year: number): Timeline => {
  const dates = [...workingDaysOf(clock.calendar, year), ...workingDaysOf(clock.calendar, year + 1)];
  const daysInYear = dates.filter((d) => d < `${year + 1}`).length;
  const midnight = dates.map((d) => clock.startOfDay(d));
  // The zone's offset of each day, taken once (a zone changes offset at night, never in office hours).
  const offsets = midnight.map((ms) => {
    const instant = clock.toInstant(ms + 12 * 3_600_000);
    const suffix = instant.slice(19).replace(/^\.\d+/, '');
    return { suffix: suffix === 'Z' ? '+00:00' : suffix, ms: Date.parse(`${instant.slice(0, 19)}Z`) - (ms + 12 * 3_600_000) };
  });
  const epochMs = ({ day, minute }: Moment): number => {
    if (day >= dates.length) throw new RangeError(`day ${day} is beyond the simulated calendar`);
    const offset = minute < MORNING_MINUTES ? 9 * 60 + minute : 13 * 60 + 30 + (minute - MORNING_MINUTES);
    return midnight[day]! + offset * MINUTE_MS;
  };
  return {
    year,
    daysInYear,
    date: (day) => dates[day] ?? `${year + 2}-01-01`,
    dayOf: (date) => {
      let lo = 0;
      let hi = dates.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (dates[mid]! < date) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    epochMs,
    instant: (moment) => {
      const offset = offsets[moment.day]!;
      return `${new Date(epochMs(moment) + offset.ms).toISOString().slice(0, 19)}${offset.suffix}`;
    },
  };
};

/** `minutes` of office time later (rolling over into the next working days). */
export const later = (m: Moment, minutes: number): Moment => {
  const total = m.minute + Math.max(1, Math.round(minutes));
  return { day: m.day + Math.floor(total / OFFICE_MINUTES), minute: total % OFFICE_MINUTES };
};

/** `days` working days later at `minute`; on the same day it stays after `m`. */
export const daysLater = (m: Moment, days: number, minute: number): Moment =>
  days <= 0 ? (minute > m.minute ? { day: m.day, minute } : later(m, 1)) : { day: m.day + days, minute };

export const isBefore = (a: Moment, b: Moment): boolean => a.day < b.day || (a.day === b.day && a.minute < b.minute);
