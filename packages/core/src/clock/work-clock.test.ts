import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../calendar/china';
import { createCalendar } from '../calendar/work-calendar';
import type { LimitUnit } from '../events/primitives';
import { DEFAULT_OFFICE_HOURS, DEFAULT_ZONE } from './defaults';
import { parseInstant } from './instant';
import { createWorkClock, type WorkClock } from './work-clock';

const cn = chinaCalendar();
const shanghai = createWorkClock({ calendar: cn });
const due = (clock: WorkClock, start: string, value: number, unit: LimitUnit) => {
  const r = clock.dueAt(parseInstant(start), { value, unit });
  return { dueAt: clock.toInstant(r.dueAt), provisional: r.provisional };
};
const wd = (clock: WorkClock, start: string, n: number) => due(clock, start, n, 'workingDays').dueAt;
const nd = (clock: WorkClock, start: string, n: number) => due(clock, start, n, 'naturalDays').dueAt;
const wh = (clock: WorkClock, start: string, n: number) => due(clock, start, n, 'workingHours').dueAt;

describe('createWorkClock defaults', () => {
  it('given only a calendar, then Asia/Shanghai and 09:00–12:00, 13:30–17:30 (25,200 s a day)', () => {
    expect(shanghai.zone).toBe(DEFAULT_ZONE);
    expect(shanghai.officeHours).toEqual(DEFAULT_OFFICE_HOURS);
    expect(shanghai.officeSecondsPerDay).toBe(25_200);
    expect(shanghai.calendar).toBe(cn);
  });

  it('given the same calendar version, zone and hours, then the cached clock is returned', () => {
    expect(createWorkClock({ calendar: cn, zone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']] })).toBe(shanghai);
    expect(createWorkClock({ calendar: cn, zone: 'Asia/Tokyo' })).not.toBe(shanghai);
  });

  it('given a clock not used before, when its first question is the local date of an instant, then that date (not one counted from 1970)', () => {
    const fresh = createWorkClock({ calendar: cn, officeHours: [['08:30', '12:00'], ['14:00', '17:00']] });
    expect(fresh.localDate(parseInstant('2026-11-03T10:00:00+08:00'))).toBe('2026-11-03');
  });

  it('given an unknown zone or malformed office hours, then a RangeError names it', () => {
    expect(() => createWorkClock({ calendar: cn, zone: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => createWorkClock({ calendar: cn, officeHours: [['12:00', '09:00']] })).toThrow(/closes before it opens/);
    expect(() => createWorkClock({ calendar: cn, officeHours: [['09:00', '12:00'], ['11:00', '17:00']] })).toThrow(/overlaps/);
    expect(() => createWorkClock({ calendar: cn, officeHours: [['9am', '12:00']] })).toThrow(/not a time HH:MM/);
  });
});

describe('working-day limits in Asia/Shanghai (民法典 §201: the start day is not counted)', () => {
  it('given the 2024 National Day facts used below, then the data agrees', () => {
    expect(cn.isWorkingDay('2024-09-29')).toBe(true); // make-up Sunday
    for (const d of ['2024-10-01', '2024-10-04', '2024-10-07']) expect(cn.isWorkingDay(d)).toBe(false);
    expect(cn.isWorkingDay('2024-10-12')).toBe(true); // make-up Saturday
  });

  it('given acceptance on the make-up Sunday 2024-09-29 with 5 wd, then 09-30, 10-08, 10-09, 10-10, 10-11 → 10-11 17:30', () => {
    expect(wd(shanghai, '2024-09-29T10:00:00+08:00', 5)).toBe('2024-10-11T17:30:00+08:00');
  });

  it('given 2024-09-30 with 3 wd across National Day 10-01..10-07, then 10-08, 10-09, 10-10 → 10-10 17:30', () => {
    expect(wd(shanghai, '2024-09-30T16:00:00+08:00', 3)).toBe('2024-10-10T17:30:00+08:00');
  });

  it('given the start hour is late at night or before opening, then the start day still does not count', () => {
    expect(wd(shanghai, '2024-09-30T23:59:59+08:00', 1)).toBe('2024-10-08T17:30:00+08:00');
    expect(wd(shanghai, '2024-10-08T00:00:00+08:00', 1)).toBe('2024-10-09T17:30:00+08:00');
    expect(wd(shanghai, '2024-10-08T08:00:00+08:00', 1)).toBe('2024-10-09T17:30:00+08:00');
  });

  it('given 5 wd from 2024-10-09, then the make-up Saturday 10-12 counts: 10-10, 10-11, 10-12, 10-14, 10-15', () => {
    expect(wd(shanghai, '2024-10-09T10:00:00+08:00', 5)).toBe('2024-10-15T17:30:00+08:00');
  });

  it('given 2025 Spring Festival (off 01-28..02-04, make-up 01-26 Sun and 02-08 Sat), then it skips the holiday and counts the make-up days', () => {
    expect(cn.isWorkingDay('2025-01-26')).toBe(true);
    expect(cn.isWorkingDay('2025-02-08')).toBe(true);
    // 01-26 (Sun, make-up), 01-27, 02-05
    expect(wd(shanghai, '2025-01-24T15:00:00+08:00', 3)).toBe('2025-02-05T17:30:00+08:00');
    // accepted on a holiday: 02-05, 02-06, 02-07, 02-08 (Sat, make-up), 02-10
    expect(wd(shanghai, '2025-02-04T10:00:00+08:00', 5)).toBe('2025-02-10T17:30:00+08:00');
  });

  it('given 20 wd from 2024-02-05 across Spring Festival 2024 (off 02-10..02-17, make-up 02-04 and 02-18), then 2024-03-08', () => {
    // 02-06..09 (4) | 02-18 make-up Sunday (5) | 02-19..23 (10) | 02-26..03-01 (15) | 03-04..08 (20)
    expect(wd(shanghai, '2024-02-05T09:00:00+08:00', 20)).toBe('2024-03-08T17:30:00+08:00');
  });

  it('given a fractional limit of 0.5 wd, then half the next working day\'s office time', () => {
    // 10-09: 09:00–12:00 (3 h) then 30 min after 13:30
    expect(wd(shanghai, '2024-10-08T10:00:00+08:00', 0.5)).toBe('2024-10-09T14:00:00+08:00');
  });
});

describe('natural-day limits (民法典 §203: a period ending on a rest day moves to the next working day)', () => {
  it('given 3 nd from 2024-09-30, then 10-03 is a holiday → the next working day 10-08', () => {
    expect(nd(shanghai, '2024-09-30T16:00:00+08:00', 3)).toBe('2024-10-08T17:30:00+08:00');
  });

  it('given 10 nd from 2025-01-20, then 01-30 (Spring Festival) → 02-05', () => {
    expect(nd(shanghai, '2025-01-20T10:00:00+08:00', 10)).toBe('2025-02-05T17:30:00+08:00');
  });

  it('given a natural-day limit landing on a make-up Saturday, then that day is a working day and stands', () => {
    expect(nd(shanghai, '2024-10-02T10:00:00+08:00', 10)).toBe('2024-10-12T17:30:00+08:00');
  });

  it('given a limit landing on a plain Sunday, then Monday', () => {
    expect(nd(shanghai, '2024-11-07T10:00:00+08:00', 3)).toBe('2024-11-11T17:30:00+08:00');
  });
});

describe('hour limits count office time from the starting instant', () => {
  it('given 11:00 + 2 h, then across the lunch break to 14:30', () => {
    expect(wh(shanghai, '2024-09-30T11:00:00+08:00', 2)).toBe('2024-09-30T14:30:00+08:00');
  });

  it('given 16:00 + 2 h on the eve of National Day, then overnight and over the holiday to 10-08 09:30', () => {
    expect(wh(shanghai, '2024-09-30T16:00:00+08:00', 2)).toBe('2024-10-08T09:30:00+08:00');
  });

  it('given a start before opening or during lunch, then counting begins at the next opening', () => {
    expect(wh(shanghai, '2024-10-08T07:00:00+08:00', 1)).toBe('2024-10-08T10:00:00+08:00');
    expect(wh(shanghai, '2024-10-08T12:15:00+08:00', 1)).toBe('2024-10-08T14:30:00+08:00');
  });

  it('given a limit that uses up the day exactly, then it ends at closing, not at the next opening', () => {
    expect(wh(shanghai, '2024-10-08T09:00:00+08:00', 7)).toBe('2024-10-08T17:30:00+08:00');
  });
});

describe('other zones and office hours', () => {
  const newYork = createWorkClock({ calendar: cn, zone: 'America/New_York' });
  const kolkata = createWorkClock({ calendar: cn, zone: 'Asia/Kolkata', officeHours: [['10:00', '13:00'], ['14:00', '18:00']] });
  const allDay = createWorkClock({ calendar: cn, officeHours: [] });

  it('given New York across the spring DST change (2024-03-10), then the due time carries the new offset', () => {
    expect(wd(newYork, '2024-03-08T10:00:00-05:00', 1)).toBe('2024-03-11T17:30:00-04:00');
    expect(newYork.officeSecondsBetween(parseInstant('2024-03-08T09:00:00-05:00'), parseInstant('2024-03-11T17:30:00-04:00'))).toBe(2 * 25_200);
  });

  it('given New York with the cn calendar, then National Day 2024 is still a holiday there', () => {
    expect(wd(newYork, '2024-09-30T16:00:00-04:00', 3)).toBe('2024-10-10T17:30:00-04:00');
  });

  it('given New York across the autumn DST change, then 2 office hours from Friday 16:30 end Monday 10:00', () => {
    expect(wh(newYork, '2024-11-01T16:30:00-04:00', 2)).toBe('2024-11-04T10:00:00-05:00');
  });

  it('given Kolkata (+05:30) with 10:00–13:00, 14:00–18:00, then its own hours and offset', () => {
    expect(kolkata.officeSecondsPerDay).toBe(25_200);
    expect(wd(kolkata, '2024-09-29T10:00:00+05:30', 5)).toBe('2024-10-11T18:00:00+05:30');
    expect(wh(kolkata, '2024-09-30T12:30:00+05:30', 1)).toBe('2024-09-30T14:30:00+05:30');
  });

  it('given a hall with no office hours, then deadlines end at 24:00 (the next midnight) and a day is 86,400 s', () => {
    expect(allDay.officeSecondsPerDay).toBe(86_400);
    expect(wd(allDay, '2024-09-30T10:00:00+08:00', 3)).toBe('2024-10-11T00:00:00+08:00');
    expect(nd(allDay, '2024-09-30T10:00:00+08:00', 3)).toBe('2024-10-09T00:00:00+08:00');
    expect(allDay.closeOfBusiness('2024-10-10')).toBe(parseInstant('2024-10-11T00:00:00+08:00'));
  });
});

describe('provisional years', () => {
  it('given a deadline reaching into 2027 (no notice yet), then it is provisional', () => {
    expect(due(shanghai, '2026-12-25T10:00:00+08:00', 10, 'workingDays')).toEqual({ dueAt: '2027-01-08T17:30:00+08:00', provisional: true });
    expect(due(shanghai, '2026-12-25T10:00:00+08:00', 10, 'naturalDays').provisional).toBe(true);
    expect(due(shanghai, '2026-12-31T17:00:00+08:00', 1, 'workingHours').provisional).toBe(true);
  });

  it('given a deadline within announced years, then it is not', () => {
    expect(due(shanghai, '2026-12-01T10:00:00+08:00', 5, 'workingDays').provisional).toBe(false);
  });

  it('given 2027 is then announced with 01-01 off, then the deadline moves to 01-11 and is no longer provisional', () => {
    const next = createWorkClock({ calendar: cn.withYear({ year: 2027, papers: ['https://www.gov.cn/2027'], days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }] }) });
    expect(due(next, '2026-12-25T10:00:00+08:00', 10, 'workingDays')).toEqual({ dueAt: '2027-01-11T17:30:00+08:00', provisional: false });
  });

  it('given a start in a year before any data, then it is provisional', () => {
    expect(due(shanghai, '2014-12-20T10:00:00+08:00', 3, 'workingDays').provisional).toBe(true);
  });
});

describe('office time', () => {
  const at = parseInstant;
  it('given one full working day, then 25,200 s = 1 working day; reversed it is negative', () => {
    expect(shanghai.officeSecondsBetween(at('2024-10-08T09:00:00+08:00'), at('2024-10-08T17:30:00+08:00'))).toBe(25_200);
    expect(shanghai.officeSecondsBetween(at('2024-10-08T17:30:00+08:00'), at('2024-10-08T09:00:00+08:00'))).toBe(-25_200);
    expect(shanghai.workingDaysBetween(at('2024-10-08T09:00:00+08:00'), at('2024-10-08T17:30:00+08:00'))).toBe(1);
  });

  it('given a span over National Day, then only 09-30 afternoon and 10-08 morning count', () => {
    expect(shanghai.officeSecondsBetween(at('2024-09-30T16:00:00+08:00'), at('2024-10-08T10:00:00+08:00'))).toBe(1.5 * 3600 + 3600);
  });

  it('given an acceptance 2 h 20 min after submission inside office hours, then 0.33 working days', () => {
    expect(shanghai.workingDaysBetween(at('2024-10-08T09:00:00+08:00'), at('2024-10-08T11:20:00+08:00'))).toBeCloseTo(0.3333, 4);
  });

  it('given addOfficeSeconds, then it is the inverse of officeSecondsBetween', () => {
    const from = at('2024-09-30T16:00:00+08:00');
    expect(shanghai.toInstant(shanghai.addOfficeSeconds(from, 5400))).toBe('2024-09-30T17:30:00+08:00');
    expect(shanghai.toInstant(shanghai.addOfficeSeconds(from, 5401))).toBe('2024-10-08T09:00:01+08:00');
    expect(shanghai.toInstant(shanghai.addOfficeSeconds(from, -3600))).toBe('2024-09-30T15:00:00+08:00');
    expect(shanghai.addOfficeSeconds(from, 0)).toBe(from);
  });
});

describe('dates and instants in the zone', () => {
  it('given instants around midnight, then localDate is the date in the clock\'s zone', () => {
    expect(shanghai.localDate(parseInstant('2024-09-30T16:30:00Z'))).toBe('2024-10-01');
    expect(shanghai.localDate(parseInstant('2024-09-30T15:59:59.999Z'))).toBe('2024-09-30');
  });

  it('given toInstant, then seconds always, millis only when non-zero, the zone\'s offset', () => {
    expect(shanghai.toInstant(parseInstant('2024-10-09T09:30:00Z'))).toBe('2024-10-09T17:30:00+08:00');
    expect(shanghai.toInstant(parseInstant('2024-10-09T09:30:00.250Z'))).toBe('2024-10-09T17:30:00.250+08:00');
    expect(createWorkClock({ calendar: cn, zone: 'UTC' }).toInstant(0)).toBe('1970-01-01T00:00:00+00:00');
  });

  it('given closeOfBusiness and startOfDay of a date, then its last closing and its midnight', () => {
    expect(shanghai.toInstant(shanghai.closeOfBusiness('2024-10-01'))).toBe('2024-10-01T17:30:00+08:00');
    expect(shanghai.toInstant(shanghai.startOfDay('2024-10-01'))).toBe('2024-10-01T00:00:00+08:00');
  });

  it('given isWorkingDay and isProvisional, then they answer from the calendar', () => {
    expect(shanghai.isWorkingDay('2024-10-12')).toBe(true);
    expect(shanghai.isWorkingDay('2024-10-13')).toBe(false);
    expect(shanghai.isProvisional('2027-03-01')).toBe(true);
  });

  it('given a bad limit or instant, then a RangeError', () => {
    expect(() => shanghai.dueAt(0, { value: 0, unit: 'workingDays' })).toThrow(RangeError);
    expect(() => shanghai.dueAt(Number.NaN, { value: 1, unit: 'workingDays' })).toThrow(RangeError);
    expect(() => shanghai.dueAt(parseInstant('2024-10-08T09:00:00+08:00'), { value: 1, unit: 'fortnights' as never })).toThrow(/unknown limit unit/);
    expect(() => shanghai.localDate(parseInstant('2500-01-01T00:00:00Z'))).toThrow(/outside the supported years/);
  });
});

describe('clock.parseTime', () => {
  it('given a time without an offset, then a wall time in the clock\'s zone; with an offset, as written', () => {
    const ny = createWorkClock({ calendar: cn, zone: 'America/New_York' });
    expect(ny.toInstant(ny.parseTime('2024-07-01T09:00'))).toBe('2024-07-01T09:00:00-04:00');
    expect(ny.toInstant(ny.parseTime('2024-03-10T02:30'))).toBe('2024-03-10T03:30:00-04:00'); // spring-forward gap
    expect(shanghai.toInstant(shanghai.parseTime('2024-10-08'))).toBe('2024-10-08T00:00:00+08:00');
    expect(shanghai.parseTime('2024-10-08T09:00:00Z')).toBe(Date.UTC(2024, 9, 8, 9));
    expect(() => shanghai.parseTime('next Tuesday')).toThrow(RangeError);
  });
});

describe('parseInstant', () => {
  it('given ISO-8601 with offset or Z, then epoch ms', () => {
    expect(parseInstant('2024-10-09T17:30:00+08:00')).toBe(Date.UTC(2024, 9, 9, 9, 30));
    expect(parseInstant('2024-10-09T09:30Z')).toBe(Date.UTC(2024, 9, 9, 9, 30));
    expect(parseInstant('2024-10-09T09:30:00.123456-05:30')).toBe(Date.UTC(2024, 9, 9, 15, 0, 0, 123));
  });

  it.each(['2024-10-09T17:30:00', '2024-02-30T10:00:00+08:00', '2024-10-09 17:30:00+08:00', '2024-10-09T25:00:00Z', ''])(
    'given %j, then a RangeError',
    (s) => expect(() => parseInstant(s)).toThrow(RangeError),
  );
});

describe('a calendar built elsewhere with the same data', () => {
  it('given the same version, then the same due times', () => {
    const other = createCalendar({ id: 'cn', years: [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => cn.yearData(y)) });
    expect(other.version).toBe(cn.version);
    expect(wd(createWorkClock({ calendar: other }), '2024-09-29T10:00:00+08:00', 5)).toBe('2024-10-11T17:30:00+08:00');
  });
});
