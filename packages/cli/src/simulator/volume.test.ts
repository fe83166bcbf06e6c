import { chinaCalendar } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random';
import { dailyVolumes, workingDaysOf } from './volume';

describe('dailyVolumes', () => {
  const calendar = chinaCalendar();
  const days = dailyVolumes(calendar, 2025, 12_000, createRandom(1));

  it('given 12,000 applications in 2025, then they fall on the working days of the calendar and add up exactly', () => {
    expect(days.reduce((s, d) => s + d.cases, 0)).toBe(12_000);
    expect(days.map((d) => d.date)).toEqual(workingDaysOf(calendar, 2025));
    expect(days.some((d) => d.date === '2025-01-26')).toBe(true); // a make-up working Sunday 调休
    expect(days.some((d) => d.date === '2025-10-02')).toBe(false); // National Day
  });

  it('then the working days next to the Spring Festival are the quietest, and March runs above February per day', () => {
    const perDay = (month: string) => {
      const inMonth = days.filter((d) => d.date.startsWith(month));
      return inMonth.reduce((s, d) => s + d.cases, 0) / inMonth.length;
    };
    expect(perDay('2025-03')).toBeGreaterThan(perDay('2025-02') * 1.4);
    expect(perDay('2025-09')).toBeGreaterThan(perDay('2025-10'));
    const quietest = [...days].sort((a, b) => a.cases - b.cases).slice(0, 5).map((d) => d.date);
    for (const date of quietest) expect(date >= '2025-01-20' && date <= '2025-02-12').toBe(true);
  });

  it('given the same seed twice, then the days are the same; another seed moves them', () => {
    expect(dailyVolumes(calendar, 2025, 12_000, createRandom(1))).toEqual(days);
    expect(dailyVolumes(calendar, 2025, 12_000, createRandom(2))).not.toEqual(days);
  });
});
