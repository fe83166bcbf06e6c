import type { OfficeHours } from '../events/primitives';

/** Office intervals as minutes after local midnight, `[open, close)`, sorted and disjoint. */
export type OfficeMinutes = readonly (readonly [number, number])[];

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

const minutesOf = (hhmm: string, what: string): number => {
  const m = HHMM.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || minutes > 1440) throw new RangeError(`office hours: ${what} ${JSON.stringify(hhmm)} is not a time HH:MM between 00:00 and 24:00`);
  return minutes;
};

/**
 * Validates office hours and turns them into minutes. A hall with no office hours counts the whole
 * day, so its deadlines end at 24:00 (spec §4) and a working day is 86,400 office seconds.
 */
export const officeMinutesOf = (hours: OfficeHours): OfficeMinutes => {
  if (!Array.isArray(hours)) throw new RangeError('office hours must be a list of [HH:MM, HH:MM] intervals');
  if (hours.length === 0) return [[0, 1440]];
  const out: [number, number][] = [];
  for (const [i, interval] of hours.entries()) {
    if (!Array.isArray(interval) || interval.length !== 2) throw new RangeError(`office hours: interval ${i + 1} must be [HH:MM, HH:MM]`);
    const open = minutesOf(interval[0], 'opening');
    const close = minutesOf(interval[1], 'closing');
    if (close <= open) throw new RangeError(`office hours: ${interval[0]}-${interval[1]} closes before it opens`);
    const prev = out.at(-1);
    if (prev && open < prev[1]) throw new RangeError(`office hours: ${interval[0]}-${interval[1]} overlaps or precedes the interval before it`);
    out.push([open, close]);
  }
  return out;
};

/** Parses the CLI form `09:00-12:00,13:30-17:30` (empty string = no office hours). */
export const parseOfficeHours = (spec: string): OfficeHours => {
  if (spec.trim() === '') return [];
  const hours: [string, string][] = spec.split(',').map((part) => {
    const m = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/.exec(part);
    if (!m) throw new RangeError(`office hours: ${JSON.stringify(part)} is not HH:MM-HH:MM`);
    return [m[1]!, m[2]!];
  });
  officeMinutesOf(hours);
  return hours;
};

export const officeSecondsPerDayOf = (minutes: OfficeMinutes): number => minutes.reduce((s, [o, c]) => s + (c - o) * 60, 0);
