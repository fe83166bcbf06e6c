import type { LocalDate, WorkClock } from '@banjian/core';
import { add, ratio, type Ratio } from './exact';

/** A report period `[from, to)` of local dates in the hall's zone (`to` exclusive, spec §7). */
export interface Period {
  from: LocalDate;
  to: LocalDate;
}

export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const parts = (date: LocalDate): [number, number, number] => {
  const m = DATE.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

const fmt = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);
const utc = (date: LocalDate): number => {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
};
const DAY = 86_400_000;

export const addDays = (date: LocalDate, days: number): LocalDate => fmt(utc(date) + days * DAY);

/** Same date a year earlier (29 Feb → 28 Feb). */
export const yearEarlier = (date: LocalDate): LocalDate => {
  const [y, m, d] = parts(date);
  const day = Math.min(d, new Date(Date.UTC(y - 1, m, 0)).getUTCDate());
  return fmt(Date.UTC(y - 1, m - 1, day));
};

export const checkPeriod = (period: Period): Period => {
  if (utc(period.to) <= utc(period.from)) throw new RangeError(`empty period: --to ${period.to} is not after --from ${period.from}`);
  return period;
};

/** The period as epoch ms `[start, end)`: local midnights in the clock's zone. */
export const periodRange = (clock: WorkClock, period: Period): [number, number] => [clock.startOfDay(period.from), clock.startOfDay(period.to)];

/** Months in the period, exactly: whole months count 1, a partial month its share of days. */
export const monthsIn = (period: Period): Ratio => {
  let total = ratio(0, 1);
  let cursor = utc(period.from);
  const end = utc(period.to);
  while (cursor < end) {
    const d = new Date(cursor);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const stop = Math.min(next, end);
    total = add(total, ratio((stop - cursor) / DAY, (next - monthStart) / DAY));
    cursor = stop;
  }
  return total;
};

const startOf = (date: LocalDate, granularity: Granularity): number => {
  const [y, m, d] = parts(date);
  switch (granularity) {
    case 'day':
      return Date.UTC(y, m - 1, d);
    case 'week': {
      const t = Date.UTC(y, m - 1, d);
      return t - ((new Date(t).getUTCDay() + 6) % 7) * DAY; // ISO weeks start on Monday
    }
    case 'month':
      return Date.UTC(y, m - 1, 1);
    case 'quarter':
      return Date.UTC(y, Math.floor((m - 1) / 3) * 3, 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
};

const nextStart = (start: number, granularity: Granularity): number => {
  const d = new Date(start);
  switch (granularity) {
    case 'day':
      return start + DAY;
    case 'week':
      return start + 7 * DAY;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
};

/** The period cut at day/week/month/quarter/year boundaries (the first and last pieces may be partial). */
export const splitPeriod = (period: Period, granularity: Granularity): Period[] => {
  checkPeriod(period);
  const end = utc(period.to);
  const out: Period[] = [];
  let cursor = utc(period.from);
  while (cursor < end) {
    const stop = Math.min(nextStart(startOf(fmt(cursor), granularity), granularity), end);
    out.push({ from: fmt(cursor), to: fmt(stop) });
    cursor = stop;
  }
  return out;
};
