import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  chinaCalendar,
  createWorkClock,
  decodeCalendarOverlay,
  decodeHolidayYear,
  DEFAULT_ZONE,
  parseOfficeHours,
  type Limit,
  type OfficeHours,
  type WorkCalendar,
} from '@banjian/core';
import { stringOption, stringOptions, UsageError, type Command } from './command';

const USAGE = `usage: banjian due --start <ISO time> --limit <n>wd|<n>d|<n>h [--calendar cn|<file.json>]… [--hall-hours HH:MM-HH:MM,…] [--zone Z] [--json]

  --start       when the case was accepted (ISO-8601; without an offset it is read in --zone)
  --limit       5wd = 5 working days, 20d = 20 natural days, 4h = 4 office hours
  --calendar    cn (default), or a holiday-cn year file / regional overlay JSON to add (repeatable)
  --hall-hours  office hours, default 09:00-12:00,13:30-17:30 ("none": deadlines end at 24:00)
  --zone        IANA time zone of the hall, default ${DEFAULT_ZONE}
  --json        print {"dueAt","provisional","calendarVersion"}`;

const UNITS = { wd: 'workingDays', d: 'naturalDays', h: 'workingHours' } as const;
const UNIT_WORDS = { workingDays: 'working days', naturalDays: 'natural days', workingHours: 'office hours' } as const;

export const parseLimit = (s: string): Limit => {
  const m = /^(\d+(?:\.\d+)?)(wd|d|h)$/.exec(s.trim());
  const value = m ? Number(m[1]) : 0;
  if (!m || !(value > 0)) throw new UsageError(`--limit ${JSON.stringify(s)} is not <n>wd, <n>d or <n>h with n > 0 (e.g. 5wd)`);
  return { value, unit: UNITS[m[2] as keyof typeof UNITS] };
};

/** `cn` is the shipped national calendar; any other value is a JSON file whose data is added to it. */
const loadCalendar = (specs: readonly string[]): WorkCalendar => {
  let calendar = chinaCalendar();
  for (const spec of specs) {
    if (spec === 'cn') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(spec), 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT' && !/[./\\]/.test(spec)
          ? `unknown calendar ${JSON.stringify(spec)} (use cn or a path to a holiday-cn JSON file)`
          : `cannot read calendar file ${spec}: ${code ?? (e as Error).message}`,
      );
    }
    const isYear = typeof raw === 'object' && raw !== null && 'year' in raw;
    const decoded = isYear ? decodeHolidayYear(raw) : decodeCalendarOverlay(raw);
    if (!decoded.ok) throw new UsageError(`calendar file ${spec}: ${decoded.error.message}`);
    calendar = isYear ? calendar.withYear(decoded.value) : calendar.withOverlay(decoded.value);
  }
  return calendar;
};

const parseHallHours = (s: string | undefined): OfficeHours | undefined => {
  if (s === undefined) return undefined;
  if (s.trim() === 'none') return [];
  try {
    return parseOfficeHours(s);
  } catch (e) {
    throw new UsageError(`--hall-hours: ${(e as Error).message.replace(/^office hours: /, '')}`);
  }
};

export const dueCommand: Command = {
  name: 'due',
  usage: USAGE,
  options: {
    start: { type: 'string' },
    limit: { type: 'string' },
    calendar: { type: 'string', multiple: true },
    'hall-hours': { type: 'string' },
    zone: { type: 'string' },
    json: { type: 'boolean' },
  },
  // --store is accepted (every command takes it) and not needed: due reads no events
  run: async ({ values, io }) => {
    const startText = stringOption(values, 'start');
    const limitText = stringOption(values, 'limit');
    if (startText === undefined) throw new UsageError('--start is required (e.g. --start 2024-09-30T10:00:00+08:00)');
    if (limitText === undefined) throw new UsageError('--limit is required (e.g. --limit 5wd, 20d or 4h)');
    const limit = parseLimit(limitText);
    const zone = stringOption(values, 'zone') ?? DEFAULT_ZONE;
    const officeHours = parseHallHours(stringOption(values, 'hall-hours'));
    const calendar = loadCalendar(stringOptions(values, 'calendar'));
    let clock;
    try {
      clock = createWorkClock({ calendar, zone, ...(officeHours ? { officeHours } : {}) });
    } catch (e) {
      throw new UsageError(`--zone: ${(e as Error).message}`);
    }
    let startMs: number;
    try {
      startMs = clock.parseTime(startText);
    } catch {
      throw new UsageError(`--start ${JSON.stringify(startText)} is not an ISO-8601 time (e.g. 2024-09-30T10:00:00+08:00)`);
    }
    let result;
    try {
      result = clock.dueAt(startMs, limit);
    } catch (e) {
      throw new UsageError(`--start: ${(e as Error).message}`);
    }
    const dueAt = clock.toInstant(result.dueAt);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ dueAt, provisional: result.provisional, calendarVersion: calendar.version })}\n`);
      return 0;
    }
    const counted = limit.unit === 'workingHours' ? 'counted from the start instant' : 'the start day not counted';
    const note = result.provisional
      ? 'PROVISIONAL: it runs through a year with no announced holiday notice (Mon–Fri assumed)'
      : 'final: every year it runs through has an announced holiday notice';
    io.stdout.write(
      `${dueAt}\n` +
        `  ${limit.value} ${UNIT_WORDS[limit.unit]} from ${clock.toInstant(startMs)} (${counted}), ${zone}\n` +
        `  ${note}; calendar ${calendar.version}\n`,
    );
    return 0;
  },
};
