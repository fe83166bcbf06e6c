import type { Zone } from 'luxon';
import { epochDayOf, localDateOf } from '../calendar/epoch-day';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { Limit, LocalDate, OfficeHours } from '../events/primitives';
import { createDayIndex } from './day-index';
import { DEFAULT_OFFICE_HOURS, DEFAULT_ZONE } from './defaults';
import { formatInstant, parseInstantInZone } from './instant';
import { officeMinutesOf, officeSecondsPerDayOf } from './office-hours';
import { resolveZone } from './zone';

export interface DueTime {
  readonly dueAt: number;
  /** Some day between the start date and the due date lies in a year with no announced data. */
  readonly provisional: boolean;
}

/** A hall's clock: its calendar, zone and office hours (spec §4). All instants are epoch ms. */
export interface WorkClock {
  readonly calendar: WorkCalendar;
  readonly zone: string;
  readonly officeHours: OfficeHours;
  readonly officeSecondsPerDay: number;
  dueAt(startMs: number, limit: Limit): DueTime;
  officeSecondsBetween(fromMs: number, toMs: number): number;
  addOfficeSeconds(fromMs: number, seconds: number): number;
  workingDaysBetween(fromMs: number, toMs: number): number;
  isWorkingDay(date: LocalDate): boolean;
  isProvisional(date: LocalDate): boolean;
  localDate(ms: number): LocalDate;
  toInstant(ms: number): string;
  /** An ISO-8601 time; one without an offset is a wall time in the clock's zone. */
  parseTime(text: string): number;
  closeOfBusiness(date: LocalDate): number;
  /** Local midnight (start) of a date in the clock's zone. */
  startOfDay(date: LocalDate): number;
  /** Whether any local date from `fromMs`'s to `toMs`'s (inclusive) is provisional. */
  provisionalBetween(fromMs: number, toMs: number): boolean;
}

export interface WorkClockOptions {
  readonly calendar: WorkCalendar;
  readonly zone?: string;
  readonly officeHours?: OfficeHours;
}

const finite = (ms: number, what: string): number => {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new RangeError(`work clock: ${what} must be a finite epoch ms, got ${String(ms)}`);
  return ms;
};

const build = (calendar: WorkCalendar, zoneName: string, zone: Zone, officeHours: OfficeHours): WorkClock => {
  const minutes = officeMinutesOf(officeHours);
  const perDay = officeSecondsPerDayOf(minutes);
  const index = createDayIndex(zone, minutes, calendar);

  const between = (fromMs: number, toMs: number): number =>
    index.officeMsBetween(finite(fromMs, 'from'), finite(toMs, 'to')) / 1000;

  // targets are rounded to whole ms so that results never depend on float rounding (replay byte for byte)
  const addOfficeSeconds = (fromMs: number, seconds: number): number => {
    finite(fromMs, 'from');
    if (!Number.isFinite(seconds)) throw new RangeError(`work clock: seconds must be finite, got ${seconds}`);
    if (seconds === 0) return fromMs;
    const ms = Math.round(seconds * 1000);
    return ms === 0 ? fromMs : index.instantAtOfficeMs(index.officeMsAt(fromMs) + ms);
  };

  const provisionalBetween = (fromMs: number, toMs: number): boolean => {
    const [a, b] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
    return index.anyProvisional(index.locate(a), index.locate(b));
  };

  const dueAt = (startMs: number, limit: Limit): DueTime => {
    finite(startMs, 'start');
    const { value, unit } = limit;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`work clock: a limit must be a positive number, got ${String(value)}`);
    }
    let due: number;
    switch (unit) {
      case 'workingDays': {
        // 民法典 §201: the starting day is not counted, whatever its hour or kind
        const whole = Math.floor(value);
        const part = value - whole;
        const s = index.locate(startMs);
        if (part === 0) {
          due = index.closeOfBusiness(index.nthWorkingDayAfter(s, whole));
        } else {
          const day = index.nthWorkingDayAfter(s, whole + 1);
          due = index.instantAtOfficeMs(index.cumulativeOfficeMs(day) + Math.max(1, Math.round(part * index.officeMsOfDay(day))));
        }
        break;
      }
      case 'naturalDays': {
        // 民法典 §203: a period ending on a rest day ends on the next working day (part days round up)
        const s = index.locate(startMs);
        const target = index.d0() + s + Math.ceil(value);
        due = index.closeOfBusiness(index.firstWorkingDayFrom(index.positionOfDay(target)));
        break;
      }
      case 'workingHours':
        due = index.instantAtOfficeMs(index.officeMsAt(startMs) + Math.max(1, Math.round(value * 3_600_000)));
        break;
      default:
        throw new RangeError(`work clock: unknown limit unit ${JSON.stringify(unit)}`);
    }
    return { dueAt: due, provisional: provisionalBetween(startMs, due) };
  };

  const clock: WorkClock = {
    calendar,
    zone: zoneName,
    officeHours,
    officeSecondsPerDay: perDay,
    dueAt,
    officeSecondsBetween: between,
    addOfficeSeconds,
    workingDaysBetween: (fromMs, toMs) => between(fromMs, toMs) / perDay,
    isWorkingDay: (date) => calendar.isWorkingDay(date),
    isProvisional: (date) => calendar.isProvisional(date),
    localDate: (ms) => {
      // locate first: on a clock not yet used it builds the index, which moves d0
      const i = index.locate(finite(ms, 'instant'));
      return localDateOf(index.d0() + i);
    },
    toInstant: (ms) => formatInstant(finite(ms, 'instant'), zone),
    parseTime: (text) => parseInstantInZone(text, zone),
    closeOfBusiness: (date) => index.closeOfBusiness(index.positionOfDay(epochDayOf(date))),
    startOfDay: (date) => index.midnight(index.positionOfDay(epochDayOf(date))),
    provisionalBetween,
  };
  return Object.freeze(clock);
};

const CACHE_LIMIT = 64;
const cache = new Map<string, WorkClock>();

/**
 * A clock for a calendar, zone (IANA, default Asia/Shanghai) and office hours (default
 * 09:00–12:00, 13:30–17:30). Clocks are cached per (calendar version, zone, office hours), so the
 * day index is built once per hall configuration. Throws a RangeError for an unknown zone or
 * malformed office hours.
 */
export const createWorkClock = (opts: WorkClockOptions): WorkClock => {
  const zoneName = opts.zone ?? DEFAULT_ZONE;
  const officeHours = opts.officeHours ?? DEFAULT_OFFICE_HOURS;
  const key = `${opts.calendar.version}|${zoneName}|${JSON.stringify(officeHours)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const frozenHours: OfficeHours = officeHours.map(([o, c]) => Object.freeze([o, c]) as [string, string]);
  const clock = build(opts.calendar, zoneName, resolveZone(zoneName), Object.freeze(frozenHours) as OfficeHours);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, clock);
  return clock;
};
