import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from './china';
import { epochDayOf, isoWeekday, localDateOf } from './epoch-day';

// The official data beside the repository (`../shared`, as on every machine and in CI), not the copy we ship.
const SHARED = fileURLToPath(new URL('../../../../../shared/data/holiday-cn', import.meta.url));
const official = readdirSync(SHARED)
  .filter((f) => /^\d{4}\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(`${SHARED}/${f}`, 'utf8')) as { year: number; papers: string[]; days: { name: string; date: string; isOffDay: boolean }[] });

describe('chinaCalendar against the official holiday-cn data', () => {
  const cn = chinaCalendar();

  it('given the shipped data, then it announces exactly 2015–2026', () => {
    expect(official.map((y) => y.year).sort()).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(cn.announcedYears).toEqual(official.map((y) => y.year).sort());
    expect(cn.id).toBe('cn');
    expect(cn.version).toMatch(/^cn@2026-[0-9a-f]{12}$/);
  });

  for (const y of official) {
    describe(`${y.year}`, () => {
      const listed = new Map(y.days.map((d) => [d.date, d.isOffDay]));

      it('given a listed off day, then it is not a working day; given a listed make-up day, then it is', () => {
        expect(y.days.length).toBeGreaterThan(20);
        for (const d of y.days) expect({ date: d.date, working: cn.isWorkingDay(d.date) }).toEqual({ date: d.date, working: !d.isOffDay });
      });

      it('given an unlisted date, then weekends are off and weekdays are working', () => {
        let checked = 0;
        for (let day = epochDayOf(`${y.year}-01-01`); day <= epochDayOf(`${y.year}-12-31`); day++) {
          const date = localDateOf(day);
          if (listed.has(date) || official.some((o) => o.days.some((d) => d.date === date))) continue;
          expect({ date, working: cn.isWorkingDay(date) }).toEqual({ date, working: isoWeekday(day) <= 5 });
          checked++;
        }
        expect(checked).toBeGreaterThan(300);
      });

      it('then the year is announced, not provisional, and carries its notices', () => {
        expect(cn.isAnnounced(y.year)).toBe(true);
        expect(cn.isProvisional(`${y.year}-06-15`)).toBe(false);
        expect(cn.provenance(y.year)?.papers).toEqual(y.papers);
        expect(cn.provenance(y.year)?.contentHash).toMatch(/^[0-9a-f]{64}$/);
      });
    });
  }

  it('given 2027 (no notice yet), then it is provisional and answers Mon–Fri', () => {
    expect(cn.isAnnounced(2027)).toBe(false);
    expect(cn.isProvisional('2027-10-01')).toBe(true);
    expect(cn.isWorkingDay('2027-10-01')).toBe(true); // a Friday, assumed working
    expect(cn.isWorkingDay('2027-10-02')).toBe(false); // a Saturday
    expect(cn.isProvisional('2014-12-31')).toBe(true);
  });

  it('given a date a neighbouring notice sets (2019 notice: 2018-12-29 make-up Saturday), then that notice counts', () => {
    expect(cn.isWorkingDay('2018-12-29')).toBe(true);
    expect(cn.isWorkingDay('2018-12-31')).toBe(false);
    expect(cn.dayInfo('2018-12-31')).toMatchObject({ working: false, provisional: false, name: '元旦', source: { kind: 'year', year: 2019 } });
  });

  it('given repeated calls, then the same calendar object is returned (loaded once)', () => {
    expect(chinaCalendar()).toBe(cn);
  });
});
