export { epochDayOf, localDateOf, isoWeekday } from './epoch-day';
export * from './holiday-data';
export * from './work-calendar';
export * from './china';
export * from './calendar-book';
