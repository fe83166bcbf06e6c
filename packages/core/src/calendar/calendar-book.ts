import { baseCalendar, chinaCalendar } from './china';
import type { WorkCalendar } from './work-calendar';

/**
 * The calendars a log knows: the shipped national calendar `cn` plus every `CalendarPublished`
 * notice, each kept under the version the event names and its own, so a case's pinned
 * `calendarVersion` resolves to the calendar it was accepted under (spec §2, §4). One book for the
 * deciders' directory and the projections' hall context: both fold the same notices the same way.
 */
export interface CalendarBook {
  readonly byVersion: Map<string, WorkCalendar>;
  readonly latestById: Map<string, WorkCalendar>;
}

/** The data of a `CalendarPublished` notice the book folds. */
export interface PublishedCalendar {
  readonly calendarId: string;
  readonly year: number;
  readonly days: readonly { readonly date: string; readonly isOffDay: boolean; readonly name?: string }[];
  readonly papers: readonly string[];
  readonly version: string;
}

export const createCalendarBook = (): CalendarBook => {
  const shipped = chinaCalendar();
  return { byVersion: new Map([[shipped.version, shipped]]), latestById: new Map() };
};

const idOfVersion = (version: string): string => {
  const at = version.indexOf('@');
  return at < 0 ? version : version.slice(0, at);
};

/** The latest published calendar of an id, if a notice was published for it. */
export const publishedCalendar = (book: CalendarBook, calendarId: string): WorkCalendar | undefined => book.latestById.get(calendarId);

/** The latest calendar of an id: as published, else the shipped `cn` (a hall's calendar before any notice). */
export const latestCalendar = (book: CalendarBook, calendarId: string): WorkCalendar => book.latestById.get(calendarId) ?? chinaCalendar();

/** The calendar pinned as `version`; an unknown version falls back to the latest calendar of its id. */
export const resolveCalendar = (book: CalendarBook, version: string): WorkCalendar =>
  book.byVersion.get(version) ?? latestCalendar(book, idOfVersion(version));

/**
 * Adds a year's notice on top of the calendar of its id (`cn` builds on the shipped notices, any
 * other id — a regional calendar — on its own earlier notices only), known by the event's version
 * and its own.
 */
export const publishCalendar = (book: CalendarBook, data: PublishedCalendar): WorkCalendar => {
  const base = book.latestById.get(data.calendarId) ?? baseCalendar(data.calendarId);
  // holiday-cn day entries need a name; a published day without one is named by its kind
  const days = data.days.map((d) => ({ date: d.date, isOffDay: d.isOffDay, name: d.name ?? (d.isOffDay ? '休息日' : '调休工作日') }));
  const next = base.withYear({ year: data.year, papers: data.papers, days });
  book.byVersion.set(data.version, next);
  book.byVersion.set(next.version, next);
  book.latestById.set(data.calendarId, next);
  return next;
};
