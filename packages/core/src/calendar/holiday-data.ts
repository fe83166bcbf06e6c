import { LocalDate } from '../events/primitives';

/**
 * The holiday-cn year format (https://github.com/NateScarlet/holiday-cn, MIT), one file per
 * State Council notice year. `isOffDay: false` marks a make-up working day 调休.
 */
export interface HolidayDay {
  readonly name: string;
  readonly date: LocalDate;
  readonly isOffDay: boolean;
}

export interface HolidayYear {
  readonly year: number;
  /** URLs of the State Council notices the days come from. */
  readonly papers: readonly string[];
  readonly days: readonly HolidayDay[];
}

/** A regional overlay: extra off days or working days (e.g. minority holidays) with its own provenance. */
export interface CalendarOverlay {
  readonly name: string;
  readonly papers: readonly string[];
  readonly days: readonly HolidayDay[];
}

/** Names the JSON path and what was wrong with it. */
export interface HolidayDataError {
  readonly kind: 'HolidayDataError';
  readonly path: string;
  readonly reason: string;
  readonly message: string;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HolidayDataError };

const fail = (path: string, reason: string): { ok: false; error: HolidayDataError } => ({
  ok: false,
  error: { kind: 'HolidayDataError', path, reason, message: `${path}: ${reason}` },
});

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const unknownField = (u: Record<string, unknown>, known: readonly string[], path: string) => {
  const extra = Object.keys(u).find((k) => !known.includes(k));
  return extra === undefined ? undefined : fail(`${path}.${extra}`, 'unknown field');
};

const decodePapers = (u: unknown, path: string): Decoded<readonly string[]> => {
  if (!Array.isArray(u)) return fail(path, 'must be an array of notice URLs');
  for (const [i, p] of u.entries()) {
    if (typeof p !== 'string' || p.trim() === '') return fail(`${path}[${i}]`, 'must be a non-empty string');
  }
  return { ok: true, value: u as string[] };
};

const decodeDays = (u: unknown, path: string, yearRange?: readonly [number, number]): Decoded<readonly HolidayDay[]> => {
  if (!Array.isArray(u)) return fail(path, 'must be an array of {name, date, isOffDay}');
  const seen = new Set<string>();
  const days: HolidayDay[] = [];
  for (const [i, d] of u.entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(d)) return fail(at, 'must be an object {name, date, isOffDay}');
    const extra = unknownField(d, ['name', 'date', 'isOffDay'], at);
    if (extra) return extra;
    if (typeof d.name !== 'string' || d.name.trim() === '') return fail(`${at}.name`, 'must be a non-empty string');
    if (!LocalDate.is(d.date)) return fail(`${at}.date`, `must be a valid date YYYY-MM-DD, got ${JSON.stringify(d.date)}`);
    if (typeof d.isOffDay !== 'boolean') return fail(`${at}.isOffDay`, 'must be a boolean');
    const y = Number(d.date.slice(0, 4));
    // a notice may reach into the neighbouring years (the 2019 notice sets 2018-12-29..31)
    if (yearRange && (y < yearRange[0] || y > yearRange[1])) {
      return fail(`${at}.date`, `${d.date} is outside ${yearRange[0]}–${yearRange[1]}`);
    }
    if (seen.has(d.date)) return fail(`${at}.date`, `${d.date} is listed twice`);
    seen.add(d.date);
    days.push({ name: d.name, date: d.date, isOffDay: d.isOffDay });
  }
  return { ok: true, value: days };
};

/** Validates one holiday-cn year file; `$schema` and `$id` are allowed and dropped. */
export const decodeHolidayYear = (u: unknown): Decoded<HolidayYear> => {
  if (!isRecord(u)) return fail('$', 'must be an object {year, papers, days}');
  const extra = unknownField(u, ['$schema', '$id', 'year', 'papers', 'days'], '$');
  if (extra) return extra;
  if (typeof u.year !== 'number' || !Number.isInteger(u.year) || u.year < 1900 || u.year > 9998) {
    return fail('$.year', `must be an integer year, got ${JSON.stringify(u.year)}`);
  }
  const papers = decodePapers(u.papers, '$.papers');
  if (!papers.ok) return papers;
  const days = decodeDays(u.days, '$.days', [u.year - 1, u.year + 1]);
  if (!days.ok) return days;
  return { ok: true, value: { year: u.year, papers: papers.value, days: days.value } };
};

/** Validates a regional overlay `{name, papers, days}` (`$schema`/`$id` allowed). */
export const decodeCalendarOverlay = (u: unknown): Decoded<CalendarOverlay> => {
  if (!isRecord(u)) return fail('$', 'must be an object {name, papers, days}');
  const extra = unknownField(u, ['$schema', '$id', 'name', 'papers', 'days'], '$');
  if (extra) return extra;
  if (typeof u.name !== 'string' || u.name.trim() === '') return fail('$.name', 'must be a non-empty string');
  const papers = decodePapers(u.papers, '$.papers');
  if (!papers.ok) return papers;
  const days = decodeDays(u.days, '$.days');
  if (!days.ok) return days;
  return { ok: true, value: { name: u.name, papers: papers.value, days: days.value } };
};

/** Thrown by the calendar factories when handed invalid data. */
export class InvalidHolidayData extends Error {
  readonly error: HolidayDataError;
  constructor(error: HolidayDataError) {
    super(error.message);
    this.name = 'InvalidHolidayData';
    this.error = error;
  }
}

export const holidayYearOrThrow = (u: unknown): HolidayYear => {
  const r = decodeHolidayYear(u);
  if (!r.ok) throw new InvalidHolidayData(r.error);
  return r.value;
};

export const calendarOverlayOrThrow = (u: unknown): CalendarOverlay => {
  const r = decodeCalendarOverlay(u);
  if (!r.ok) throw new InvalidHolidayData(r.error);
  return r.value;
};
