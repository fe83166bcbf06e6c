import { chinaCalendar } from '../calendar/china';
import type { WorkCalendar } from '../calendar/work-calendar';
import { DEFAULT_OFFICE_HOURS, DEFAULT_ZONE } from '../clock/defaults';
import { createWorkClock, type WorkClock } from '../clock/work-clock';
import type { Directory } from './directory';

/**
 * The clock of a hall: its zone, office hours and calendar — the latest, or the version a case
 * pinned at acceptance (spec §2: later calendar changes never move an accepted case silently).
 */
export type ClockFor = (hallId: string, calendarVersion?: string) => WorkClock;

export interface ClockResolverOptions {
  /** The calendar a hall names; by default as published on its calendar stream, else the shipped `cn`. */
  readonly calendars?: (calendarId: string) => WorkCalendar | undefined;
}

/**
 * `clockFor(hallId, calendarVersion?)` from the directory: the hall's zone and office hours (defaults for a hall not
 * yet registered) and its calendar. Clocks are cached per zone, hours and calendar version, so a
 * newly loaded calendar year gives a new clock and an old one is never mutated.
 */
export const createClockResolver = (directory: Directory, options: ClockResolverOptions = {}): ClockFor => {
  const cache = new Map<string, WorkClock>();
  return (hallId, calendarVersion) => {
    const hall = directory.hall(hallId);
    const calendar =
      calendarVersion !== undefined
        ? directory.calendarOfVersion(calendarVersion)
        : (hall && (options.calendars?.(hall.calendarId) ?? directory.calendar(hall.calendarId))) ?? chinaCalendar();
    const zone = hall?.timeZone ?? DEFAULT_ZONE;
    const officeHours = hall?.officeHours ?? DEFAULT_OFFICE_HOURS;
    const key = JSON.stringify([zone, officeHours, calendar.version]);
    let clock = cache.get(key);
    if (!clock) {
      clock = createWorkClock({ calendar, zone, officeHours });
      cache.set(key, clock);
    }
    return clock;
  };
};
