import { chinaCalendar, type EventDataOf, type WorkCalendar } from '@banjian/core';

/**
 * The calendars a log knows: the shipped national calendar `cn` plus every `CalendarPublished`
 * notice, each kept under the version the event names, so a case's pinned `calendarVersion`
 * resolves to the calendar it was accepted under (spec §2, §4). Plain data (calendars themselves
 * are immutable), so a checkpoint can copy it.
 */
export interface CalendarBook {
  byVersion: Map<string, WorkCalendar>;
  latestById: Map<string, WorkCalendar>;
}

export const createCalendarBook = (): CalendarBook => {
  const shipped = chinaCalendar();
  return { byVersion: new Map([[shipped.version, shipped]]), latestById: new Map([[shipped.id, shipped]]) };
};

const idOfVersion = (version: string): string => {
  const at = version.indexOf('@');
  return at < 0 ? version : version.slice(0, at);
};

/** The latest calendar of an id (the shipped `cn` when the id was never published). */
export const latestCalendar = (book: CalendarBook, calendarId: string): WorkCalendar =>
  book.latestById.get(calendarId) ?? chinaCalendar();

/** The calendar pinned as `version`; an unknown version falls back to the latest calendar of its id. */
export const resolveCalendar = (book: CalendarBook, version: string): WorkCalendar =>
  book.byVersion.get(version) ?? latestCalendar(book, idOfVersion(version));

/** Adds a year's notice on top of the latest calendar of its id, known by the event's version and its own. */
export const publishCalendar = (book: CalendarBook, data: EventDataOf<'CalendarPublished'>): void => {
  const base = latestCalendar(book, data.calendarId);
  // holiday-cn day entries need a name; a published day without one is named by its kind
  const days = data.days.map((d) => ({ date: d.date, isOffDay: d.isOffDay, name: d.name ?? (d.isOffDay ? '休息日' : '调休工作日') }));
  const next = base.withYear({ year: data.year, papers: data.papers, days });
  book.byVersion.set(data.version, next);
  book.byVersion.set(next.version, next);
  book.latestById.set(data.calendarId, next);
};
