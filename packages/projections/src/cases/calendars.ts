/** The hall context keeps its calendars in core's calendar book (one fold of the notices for deciders and figures). */
export { createCalendarBook, latestCalendar, publishCalendar, resolveCalendar, type CalendarBook } from '@banjian/core';
