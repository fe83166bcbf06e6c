import { describe, expect, it } from 'vitest';
import { chinaCalendar } from './china';
import { InvalidHolidayData } from './holiday-data';
import { createCalendar } from './work-calendar';

const y2027 = {
  year: 2027,
  papers: ['https://www.gov.cn/notice-2027.htm'],
  days: [
    { name: '国庆节', date: '2027-10-01', isOffDay: true },
    { name: '国庆节', date: '2027-10-09', isOffDay: false },
  ],
};
const guangxi = { name: '广西三月三', papers: ['https://www.gxzf.gov.cn/sanyuesan'], days: [{ name: '三月三', date: '2026-04-20', isOffDay: true }] };

describe('createCalendar', () => {
  it('given no years, then every date is provisional Mon–Fri and the version says none', () => {
    const c = createCalendar({ id: 'empty', years: [] });
    expect(c.version).toMatch(/^empty@none-[0-9a-f]{12}$/);
    expect(c.isWorkingDay('2024-10-01')).toBe(true);
    expect(c.isProvisional('2024-10-01')).toBe(true);
    expect(c.announcedYears).toEqual([]);
  });

  it('given the same data twice, then the version is the same (deterministic)', () => {
    const a = createCalendar({ id: 'x', years: [y2027] });
    const b = createCalendar({ id: 'x', years: [JSON.parse(JSON.stringify(y2027))] });
    expect(a.version).toBe(b.version);
  });

  it('given invalid year data, then it throws InvalidHolidayData naming the field', () => {
    expect(() => createCalendar({ id: 'x', years: [{ ...y2027, papers: 3 }] })).toThrow(InvalidHolidayData);
    expect(() => createCalendar({ id: 'x', years: [{ ...y2027, papers: 3 }] })).toThrow('$.papers');
  });

  it('given a year twice, then it refuses', () => {
    expect(() => createCalendar({ id: 'x', years: [y2027, y2027] })).toThrow('year 2027 given twice');
  });
});

describe('withYear / withOverlay', () => {
  const cn = chinaCalendar();

  it('given next year\'s notice, then a new calendar announces it and the old one is unchanged', () => {
    const next = cn.withYear(y2027);
    expect(next).not.toBe(cn);
    expect(next.version).not.toBe(cn.version);
    expect(next.version).toMatch(/^cn@2027-/);
    expect(next.isAnnounced(2027)).toBe(true);
    expect(next.isProvisional('2027-06-01')).toBe(false);
    expect(next.isWorkingDay('2027-10-01')).toBe(false);
    expect(next.isWorkingDay('2027-10-09')).toBe(true); // a Saturday made a working day
    expect(next.provenance(2027)?.papers).toEqual(y2027.papers);
    expect(cn.isAnnounced(2027)).toBe(false);
    expect(cn.isWorkingDay('2027-10-01')).toBe(true);
  });

  it('given a corrected notice for an announced year, then it replaces it and the version changes', () => {
    const corrected = { year: 2026, papers: ['https://example.gov.cn/2026-corrected'], days: [{ name: '国庆节', date: '2026-10-01', isOffDay: true }] };
    const next = cn.withYear(corrected);
    expect(next.version).not.toBe(cn.version);
    expect(next.isWorkingDay('2026-10-02')).toBe(true);
    expect(cn.isWorkingDay('2026-10-02')).toBe(false);
  });

  it('given a regional overlay, then its off day is off, it keeps its own provenance, and the version changes', () => {
    expect(cn.isWorkingDay('2026-04-20')).toBe(true);
    const gx = cn.withOverlay(guangxi);
    expect(gx.isWorkingDay('2026-04-20')).toBe(false);
    expect(gx.dayInfo('2026-04-20')).toMatchObject({ name: '三月三', source: { kind: 'overlay', name: '广西三月三' } });
    expect(gx.overlays).toEqual([{ name: '广西三月三', papers: guangxi.papers, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(gx.version).not.toBe(cn.version);
    expect(gx.id).toBe('cn');
    expect(cn.isWorkingDay('2026-04-20')).toBe(true);
  });

  it('given an overlay working day on a weekend, then it is a working day', () => {
    const c = cn.withOverlay({ name: 'x', papers: [], days: [{ name: '补班', date: '2026-06-06', isOffDay: false }] });
    expect(c.isWorkingDay('2026-06-06')).toBe(true);
  });

  it('then the calendar and its provenance are frozen', () => {
    expect(Object.isFrozen(cn)).toBe(true);
    expect(Object.isFrozen(cn.years)).toBe(true);
    expect(Object.isFrozen(cn.yearData(2024)?.days)).toBe(true);
  });

  it('given a bad date, then isWorkingDay throws a RangeError', () => {
    expect(() => cn.isWorkingDay('2024-13-01')).toThrow(RangeError);
  });
});
