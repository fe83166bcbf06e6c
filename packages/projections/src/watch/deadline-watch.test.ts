import { describe, expect, it } from 'vitest';
import { caseFactsOf, nationalDayHall } from '../summary/national-day.fixture';
import { deadlineWatch } from './index';

/**
 * C-ND: accepted Mon Sep 30 10:00 with 5 working days. National Day (Oct 1–7) does not count and
 * Sat Oct 12 is a make-up working day, so it is due Sat Oct 12 17:30 (a Mon–Fri clock would say
 * Mon Oct 7). Its own office time is 41 h, so 20 % (8.2 h) is more than 1 working day (7 h).
 */
const levelOfCND = async (at: string) => {
  const watch = deadlineWatch(await caseFactsOf((await nationalDayHall()).store), { at });
  return watch.cases.find((c) => c.caseId === 'C-ND')!;
};

describe('deadline watch across National Day', () => {
  it('is normal during the holiday and on the day a Mon–Fri clock would call it overdue', async () => {
    expect((await levelOfCND('2024-10-03T12:00:00+08:00')).level).toBe('normal');
    expect((await levelOfCND('2024-10-08T17:31:00+08:00')).level).toBe('normal');
  });

  it('turns approaching when 20 % of its office time is left: Fri Oct 11 16:18', async () => {
    expect((await levelOfCND('2024-10-11T16:17:59+08:00')).level).toBe('normal');
    const approaching = await levelOfCND('2024-10-11T16:18:00+08:00');
    expect(approaching).toMatchObject({ level: 'approaching', reached: ['approaching'], dueAt: '2024-10-12T17:30:00+08:00' });
  });

  it('turns overdue with a yellow card just after the close of the make-up Saturday', async () => {
    expect((await levelOfCND('2024-10-12T17:30:00+08:00')).level).toBe('approaching');
    expect(await levelOfCND('2024-10-12T17:30:01+08:00')).toMatchObject({ level: 'yellowCard', reached: ['approaching', 'overdue', 'yellowCard'] });
    expect((await levelOfCND('2024-10-13T12:00:00+08:00')).remainingWorkingDays).toBe(0);
  });

  it('turns red card once still open after the close of the 3rd working day after the due date (Wed Oct 16)', async () => {
    expect((await levelOfCND('2024-10-16T17:30:00+08:00')).level).toBe('yellowCard');
    const red = await levelOfCND('2024-10-16T17:30:01+08:00');
    expect(red).toMatchObject({ level: 'redCard', reached: ['approaching', 'overdue', 'yellowCard', 'redCard'], remainingWorkingDays: -3 });
  });

  it('follows a configured ladder', async () => {
    const facts = await caseFactsOf((await nationalDayHall()).store);
    const ladder = { approachingWorkingDays: 3, approachingFraction: 0, redCardAfterWorkingDays: 1 };
    const level = (at: string) => deadlineWatch(facts, { at, ladder }).cases.find((c) => c.caseId === 'C-ND')!.level;
    expect(level('2024-10-09T17:29:59+08:00')).toBe('normal');
    expect(level('2024-10-09T17:30:00+08:00')).toBe('approaching');
    expect(level('2024-10-14T17:30:00+08:00')).toBe('yellowCard');
    expect(level('2024-10-14T17:30:01+08:00')).toBe('redCard');
  });
});

describe('deadline watch', () => {
  it('lists open cases only, most severe first, counted per department and window', async () => {
    const watch = deadlineWatch(await caseFactsOf((await nationalDayHall()).store), { at: '2024-10-14T09:00:00+08:00' });
    expect(watch.at).toBe('2024-10-14T09:00:00+08:00');
    expect(watch.cases.map((c) => [c.caseId, c.level])).toEqual([
      ['C-ND', 'yellowCard'],
      ['C-LATER', 'normal'],
    ]);
    expect(watch.open).toBe(2);
    expect(watch.counts).toEqual({ normal: 1, approaching: 0, overdue: 0, yellowCard: 1, redCard: 0 });
    expect(watch.byDepartment).toEqual([
      { hallId: 'h1', id: 'market', open: 1, counts: { normal: 0, approaching: 0, overdue: 0, yellowCard: 1, redCard: 0 }, statutoryCounts: { normal: 1, approaching: 0, overdue: 0, yellowCard: 0, redCard: 0 } },
      { hallId: 'h1', id: 'tax', open: 1, counts: { normal: 1, approaching: 0, overdue: 0, yellowCard: 0, redCard: 0 }, statutoryCounts: { normal: 1, approaching: 0, overdue: 0, yellowCard: 0, redCard: 0 } },
    ]);
    expect(watch.byWindow.map((g) => [g.id, g.open])).toEqual([['w-m', 1], ['w-t', 1]]);
    expect(watch.cases[0]).toMatchObject({ hallId: 'h1', departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m', suspended: false });
  });

  it('does not list a case before its acceptance, and lists none for another hall', async () => {
    const facts = await caseFactsOf((await nationalDayHall()).store);
    expect(deadlineWatch(facts, { at: '2024-10-08T09:55:00+08:00' }).cases.map((c) => c.caseId)).toEqual(['C-DONE', 'C-ND']);
    expect(deadlineWatch(facts, { at: '2024-10-14T09:00:00+08:00', hallIds: ['h2'] }).open).toBe(0);
  });

  it('reads a numeric instant in the hall zone', async () => {
    const watch = deadlineWatch(await caseFactsOf((await nationalDayHall()).store), { at: Date.parse('2024-10-14T01:00:00Z') });
    expect(watch.at).toBe('2024-10-14T09:00:00+08:00');
  });
});
