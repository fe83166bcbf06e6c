import { describe, expect, it } from 'vitest';
import { decodeCalendarOverlay, decodeHolidayYear } from './holiday-data';

const good = {
  $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
  $id: 'x',
  year: 2027,
  papers: ['https://www.gov.cn/notice-2027.htm'],
  days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }],
};

const errorOf = (u: unknown) => {
  const r = decodeHolidayYear(u);
  if (r.ok) throw new Error('expected a decoding error');
  return r.error;
};

describe('decodeHolidayYear', () => {
  it('given a well-formed year with $schema and $id, then it decodes without them', () => {
    expect(decodeHolidayYear(good)).toEqual({ ok: true, value: { year: 2027, papers: good.papers, days: good.days } });
  });

  it.each([
    [null, '$', 'must be an object'],
    [{ ...good, year: '2027' }, '$.year', 'integer year'],
    [{ ...good, papers: 'x' }, '$.papers', 'array'],
    [{ ...good, papers: [''] }, '$.papers[0]', 'non-empty'],
    [{ ...good, days: {} }, '$.days', 'array'],
    [{ ...good, days: [{ name: '元旦', date: '2027-02-30', isOffDay: true }] }, '$.days[0].date', 'valid date'],
    [{ ...good, days: [{ name: '元旦', date: '2027-01-01', isOffDay: 'yes' }] }, '$.days[0].isOffDay', 'boolean'],
    [{ ...good, days: [{ name: '', date: '2027-01-01', isOffDay: true }] }, '$.days[0].name', 'non-empty'],
    [{ ...good, days: [{ name: 'x', date: '2030-01-01', isOffDay: true }] }, '$.days[0].date', 'outside 2026–2028'],
    [{ ...good, days: [good.days[0], good.days[0]] }, '$.days[1].date', 'listed twice'],
    [{ ...good, days: [{ ...good.days[0], extra: 1 }] }, '$.days[0].extra', 'unknown field'],
    [{ ...good, comment: 'x' }, '$.comment', 'unknown field'],
  ])('given %j, then the error names %s', (input, path, reason) => {
    const e = errorOf(input);
    expect(e.kind).toBe('HolidayDataError');
    expect(e.path).toBe(path);
    expect(e.reason).toContain(reason);
    expect(e.message).toBe(`${path}: ${e.reason}`);
  });
});

describe('decodeCalendarOverlay', () => {
  it('given a named overlay, then it decodes', () => {
    const o = { name: '三月三 (广西)', papers: ['https://www.gxzf.gov.cn/x'], days: [{ name: '三月三', date: '2026-04-20', isOffDay: true }] };
    expect(decodeCalendarOverlay(o)).toEqual({ ok: true, value: o });
  });

  it('given an overlay without a name, then the error names $.name', () => {
    const r = decodeCalendarOverlay({ papers: [], days: [] });
    expect(r.ok ? undefined : r.error.path).toBe('$.name');
  });
});
