import { describe, expect, it } from 'vitest';
import { epochDayOf, localDateOf } from './epoch-day';

const MS_PER_DAY = 86_400_000;
const isoDate = (epochDay: number) => new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);

describe('localDateOf', () => {
  it('given every day of 1900–2200 and every 7th day of years 1000–9999, when named, then it is the ISO text\'s date and reads back as the same day', () => {
    const days: number[] = [];
    for (let d = epochDayOf('1900-01-01'); d <= epochDayOf('2200-12-31'); d++) days.push(d);
    for (let d = epochDayOf('1000-01-01'); d <= epochDayOf('9999-12-31'); d += 7) days.push(d);
    days.push(epochDayOf('9999-12-31'), epochDayOf('2000-02-29'), epochDayOf('2100-03-01'), epochDayOf('1600-02-29'));
    for (const d of days) {
      const date = localDateOf(d);
      if (date !== isoDate(d)) expect(date, String(d)).toBe(isoDate(d));
      if (epochDayOf(date) !== d) expect(epochDayOf(date)).toBe(d);
    }
    expect(days.length).toBeGreaterThan(570_000);
  });

  it('given a day outside years 1000–9999 or not whole, when named, then it is the ISO text\'s date', () => {
    for (const d of [epochDayOf('1000-01-01') - 1, epochDayOf('9999-12-31') + 1, -1_000_000, 0.5, 19_000.75, -0.25]) expect(localDateOf(d)).toBe(isoDate(d));
  });
});
