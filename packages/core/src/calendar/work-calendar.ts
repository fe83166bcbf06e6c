import type { LocalDate } from '../events/primitives';
import { overlayContentHash, versionHash, yearContentHash } from './content-hash';
import { epochDayOf, isWeekend, yearOf } from './epoch-day';
import {
  calendarOverlayOrThrow,
  holidayYearOrThrow,
  type CalendarOverlay,
  type HolidayYear,
} from './holiday-data';

/** Where a year's days come from: the notices and the content hash of the data. */
export interface YearProvenance {
  readonly year: number;
  readonly papers: readonly string[];
  readonly contentHash: string;
}

export interface OverlayProvenance {
  readonly name: string;
  readonly papers: readonly string[];
  readonly contentHash: string;
}

/** What the calendar knows about one date. */
export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  /** No announced data covers this date: the answer is Mon–Fri by assumption (spec §4). */
  readonly provisional: boolean;
  /** Holiday name when the date is listed by a notice or an overlay. */
  readonly name?: string;
  readonly source?: { readonly kind: 'year'; readonly year: number } | { readonly kind: 'overlay'; readonly name: string };
}

/** An immutable working-day calendar with provenance (spec §4: calendars are data, not code). */
export interface WorkCalendar {
  readonly id: string;
  /** `<id>@<last announced year>-<12 hex>`; changes whenever any year or overlay data changes. */
  readonly version: string;
  readonly announcedYears: readonly number[];
  readonly years: readonly YearProvenance[];
  readonly overlays: readonly OverlayProvenance[];
  provenance(year: number): YearProvenance | undefined;
  yearData(year: number): HolidayYear | undefined;
  overlayData(): readonly CalendarOverlay[];
  isAnnounced(year: number): boolean;
  isWorkingDay(date: LocalDate): boolean;
  isProvisional(date: LocalDate): boolean;
  dayInfo(date: LocalDate): DayInfo;
  /** Same as isWorkingDay on an epoch day (days since 1970-01-01); the clocks' fast path. */
  isWorkingEpochDay(epochDay: number): boolean;
  isProvisionalEpochDay(epochDay: number): boolean;
  /** A new calendar with this year's notice added (or replaced); the receiver is unchanged. */
  withYear(data: HolidayYear | unknown): WorkCalendar;
  /** A new calendar with a regional overlay applied on top; the receiver is unchanged. */
  withOverlay(overlay: CalendarOverlay | unknown): WorkCalendar;
}

export interface CalendarInput {
  readonly id: string;
  readonly years: readonly (HolidayYear | unknown)[];
  readonly overlays?: readonly (CalendarOverlay | unknown)[];
}

interface Entry {
  readonly isOffDay: boolean;
  readonly name: string;
  readonly source: NonNullable<DayInfo['source']>;
  /** Entries of a date's own notice year outrank a neighbouring year's notice. */
  readonly rank: number;
}

const deepFreeze = <T>(o: T): T => {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
};

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Builds a calendar from holiday-cn year data and optional overlays (validated; throws InvalidHolidayData). */
export const createCalendar = (input: CalendarInput): WorkCalendar => {
  if (typeof input.id !== 'string' || !ID.test(input.id)) {
    throw new RangeError(`calendar id must match ${ID.source}, got ${JSON.stringify(input.id)}`);
  }
  const byYear = new Map<number, HolidayYear>();
  for (const raw of input.years) {
    const y = deepFreeze(holidayYearOrThrow(raw));
    if (byYear.has(y.year)) throw new RangeError(`calendar ${input.id}: year ${y.year} given twice`);
    byYear.set(y.year, y);
  }
  const overlays = (input.overlays ?? []).map((o) => deepFreeze(calendarOverlayOrThrow(o)));
  return build(input.id, byYear, overlays);
};

const build = (id: string, byYear: ReadonlyMap<number, HolidayYear>, overlayList: readonly CalendarOverlay[]): WorkCalendar => {
  const yearList = [...byYear.values()].sort((a, b) => a.year - b.year);
  const years: YearProvenance[] = yearList.map((y) => ({ year: y.year, papers: y.papers, contentHash: yearContentHash(y) }));
  const overlays: OverlayProvenance[] = overlayList.map((o) => ({ name: o.name, papers: o.papers, contentHash: overlayContentHash(o) }));
  const announced = new Set(yearList.map((y) => y.year));
  const announcedYears = yearList.map((y) => y.year);

  const entries = new Map<number, Entry>();
  for (const y of yearList) {
    for (const d of y.days) {
      const day = epochDayOf(d.date);
      const rank = yearOf(day) === y.year ? 1 : 0;
      const prev = entries.get(day);
      if (!prev || rank >= prev.rank) {
        entries.set(day, { isOffDay: d.isOffDay, name: d.name, source: { kind: 'year', year: y.year }, rank });
      }
    }
  }
  for (const o of overlayList) {
    for (const d of o.days) {
      entries.set(epochDayOf(d.date), { isOffDay: d.isOffDay, name: d.name, source: { kind: 'overlay', name: o.name }, rank: 2 });
    }
  }

  const last = announcedYears.at(-1);
  const digest = versionHash(id, [...years.map((y) => `${y.year}:${y.contentHash}`), ...overlays.map((o) => `overlay:${o.contentHash}`)]);
  const version = `${id}@${last ?? 'none'}-${digest.slice(0, 12)}`;

  const isWorkingEpochDay = (day: number): boolean => {
    const e = entries.get(day);
    return e ? !e.isOffDay : !isWeekend(day);
  };
  const isProvisionalEpochDay = (day: number): boolean => !entries.has(day) && !announced.has(yearOf(day));

  const calendar: WorkCalendar = {
    id,
    version,
    announcedYears: Object.freeze(announcedYears),
    years: deepFreeze(years),
    overlays: deepFreeze(overlays),
    provenance: (year) => years.find((y) => y.year === year),
    yearData: (year) => byYear.get(year),
    overlayData: () => overlayList,
    isAnnounced: (year) => announced.has(year),
    isWorkingDay: (date) => isWorkingEpochDay(epochDayOf(date)),
    isProvisional: (date) => isProvisionalEpochDay(epochDayOf(date)),
    dayInfo: (date) => {
      const day = epochDayOf(date);
      const e = entries.get(day);
      const base = { date, working: isWorkingEpochDay(day), provisional: isProvisionalEpochDay(day) };
      return e ? { ...base, name: e.name, source: e.source } : base;
    },
    isWorkingEpochDay,
    isProvisionalEpochDay,
    withYear: (raw) => {
      const y = deepFreeze(holidayYearOrThrow(raw));
      const next = new Map(byYear);
      next.set(y.year, y);
      return build(id, next, overlayList);
    },
    withOverlay: (raw) => build(id, byYear, [...overlayList, deepFreeze(calendarOverlayOrThrow(raw))]),
  };
  return Object.freeze(calendar);
};
