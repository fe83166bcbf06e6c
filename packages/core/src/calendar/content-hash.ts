import { createHash } from 'node:crypto';
import type { CalendarOverlay, HolidayYear } from './holiday-data';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

const canonicalDays = (days: HolidayYear['days']) => days.map((d) => ({ name: d.name, date: d.date, isOffDay: d.isOffDay }));

/** SHA-256 of the year's content (fixed key order; formatting and `$schema`/`$id` do not count). */
export const yearContentHash = (y: HolidayYear): string =>
  sha256(JSON.stringify({ year: y.year, papers: [...y.papers], days: canonicalDays(y.days) }));

export const overlayContentHash = (o: CalendarOverlay): string =>
  sha256(JSON.stringify({ name: o.name, papers: [...o.papers], days: canonicalDays(o.days) }));

/** Hash over the ordered list of content hashes that make up a calendar version. */
export const versionHash = (id: string, parts: readonly string[]): string => sha256(JSON.stringify([id, ...parts]));
