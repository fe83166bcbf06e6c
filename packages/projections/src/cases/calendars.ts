import { chinaCalendar, type EventDataOf, type WorkCalendar } from '@banjian/core';

/**
 * The calendars a log knows: the shipped national calendar `cn` plus every `CalendarPublished`
 * notice, each kept under the version the event names, so a case's pinned `calendarVersion`
 * resolves to the calendar it was accepted under (spec §2, §4).
 */
export interface CalendarBook {
  /** The calendar pinned as `version`; an unknown version falls back to the latest calendar of its id. */
  resolve(version: string): WorkCalendar;
  /** The latest calendar of an id (`cn` when the id was never published). */
  latest(calendarId: string): WorkCalendar;
  publish(data: EventDataOf<'CalendarPublished'>): void;
}

const idOfVersion = (version: string): string => {
  const at = version.indexOf('@');
  return at < 0 ? version : version.slice(0, at);
};

export const createCalendarBook = (): CalendarBook => {
  const shipped = chinaCalendar();
  const byVersion = new Map<string, WorkCalendar>([[shipped.version, shipped]]);
  const latestById = new Map<string, WorkCalendar>([[shipped.id, shipped]]);

  const latest = (calendarId: string): WorkCalendar => latestById.get(calendarId) ?? latestById.get(shipped.id) ?? shipped;

  return {
    resolve: (version) => byVersion.get(version) ?? latest(idOfVersion(version)),
    latest,
    publish: (data) => {
      const base = latestById.get(data.calendarId) ?? shipped;
      // holiday-cn day entries need a name; a published day without one is named by its kind
      const days = data.days.map((d) => ({ date: d.date, isOffDay: d.isOffDay, name: d.name ?? (d.isOffDay ? '休息日' : '调休工作日') }));
      const next = base.withYear({ year: data.year, papers: data.papers, days });
      byVersion.set(data.version, next);
      byVersion.set(next.version, next);
      latestById.set(data.calendarId, next);
    },
  };
};
