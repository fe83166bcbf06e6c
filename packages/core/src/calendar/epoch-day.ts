import type { LocalDate } from '../events/primitives';

/**
 * Civil-date arithmetic on epoch days (days since 1970-01-01 in the proleptic Gregorian calendar).
 * A local date has no zone: these helpers only name days, they never convert instants.
 */

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → epoch day; throws a RangeError naming the bad value. */
export const epochDayOf = (date: LocalDate): number => {
  const m = LOCAL_DATE.exec(date);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return ms / MS_PER_DAY;
    }
  }
  throw new RangeError(`not a local date YYYY-MM-DD: ${JSON.stringify(date)}`);
};

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * Epoch day → `YYYY-MM-DD`. Whole days of years 1000–9999 by Hinnant's civil-from-days (no Date
 * and no ISO text to cut: clocks name days by the hundred thousand when figures are worked out);
 * anything else as the ISO text has it.
 */
export const localDateOf = (epochDay: number): LocalDate => {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (!Number.isInteger(epochDay) || year < 1000 || year > 9999) return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
};

/** Year of an epoch day. */
export const yearOf = (epochDay: number): number => new Date(epochDay * MS_PER_DAY).getUTCFullYear();

/** First epoch day of a year. */
export const firstDayOfYear = (year: number): number => Date.UTC(year, 0, 1) / MS_PER_DAY;

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoWeekday = (epochDay: number): number => ((((epochDay + 3) % 7) + 7) % 7) + 1;

export const isWeekend = (epochDay: number): boolean => isoWeekday(epochDay) >= 6;
