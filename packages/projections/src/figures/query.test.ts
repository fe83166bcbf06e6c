import { chinaCalendar, createWorkClock, dueTimesAt, parseInstant } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { caseClock } from '../cases/timing';
import { caseScript, defineItems, registerHall, workingDayLimits } from '../golden/case-script';
import { createLogWriter } from '../golden/log-writer';
import { rebuild } from '../runner/rebuild';
import { computeFigures } from './query';

const clock = createWorkClock({ calendar: chinaCalendar() });
const t = (local: string) => parseInstant(`${local}:00+08:00`);
const d1 = { departmentId: 'dept-1', windowId: 'win-1', staffId: 'staff-1' };
const d2 = { departmentId: 'dept-2', windowId: 'win-2', staffId: 'staff-2' };
const period = { from: '2024-03-01', to: '2024-04-01' };

const factsOf = async (build: (w: ReturnType<typeof createLogWriter>) => void): Promise<CaseFactsState> => {
  const w = createLogWriter();
  registerHall(w, clock, { hallId: 'h', name: '中心', level: 'county', desks: [d1, d2], at: t('2024-01-02T08:00') });
  build(w);
  return (await rebuild(await w.flush(), [caseFactsProjection])).states.caseFacts as CaseFactsState;
};

describe('figures over case facts', () => {
  it('given promised cases with a suspension, when averaged, then completion time and actual speed-up come from office time exactly', async () => {
    const state = await factsOf((w) => {
      caseScript(w, clock, { caseId: 'a', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00')).accept(t('2024-03-04T12:00'), d1, 'promised', workingDayLimits(10, 5))
        .complete(t('2024-03-06T12:00'));
      caseScript(w, clock, { caseId: 'b', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00')).accept(t('2024-03-04T09:00'), d1, 'promised', workingDayLimits(10, 5))
        .suspend(t('2024-03-05T09:00')).resume(t('2024-03-06T09:00')).complete(t('2024-03-07T09:00'));
    });
    const f = computeFigures(state, { period, hall: 'h' }).figures;
    // a: 4 h on the 4th + 7 h + 3 h = 14 h = 2 wd; b: 3 days gross − 1 day suspended = 2 wd
    expect(f.averageCompletionTime).toMatchObject({ value: 2, numerator: 4, denominator: 2, unit: '工作日' });
    expect(f.actualSpeedup).toMatchObject({ value: 80, numerator: 16, denominator: 20 });
    expect(computeFigures(state, { period, hall: 'h', options: { actualSpeedup: 'meanOfRatios' } }).figures.actualSpeedup).toMatchObject({ value: 80, variant: 'actualSpeedup=meanOfRatios' });
    expect(f.averageAcceptanceTime).toMatchObject({ value: 0.06, numerator: 0.125, denominator: 2, unit: '天' });
  });

  it('given no case a year earlier, when 同比 is asked, then it is no value (—), not growth over a year of zeros; with one, it is the difference', async () => {
    const state = await factsOf((w) => {
      caseScript(w, clock, { caseId: 'a', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00')).accept(t('2024-03-04T10:00'), d1, 'promised', workingDayLimits(10, 5))
        .complete(t('2024-03-06T10:00'));
      caseScript(w, clock, { caseId: 'b', hallId: 'h', itemCode: 'I' }).submit(t('2025-03-04T09:00')).accept(t('2025-03-04T10:00'), d1, 'promised', workingDayLimits(10, 5))
        .complete(t('2025-03-05T10:00'));
      caseScript(w, clock, { caseId: 'c', hallId: 'h', itemCode: 'I' }).submit(t('2025-03-04T09:00')).accept(t('2025-03-04T10:00'), d1, 'promised', workingDayLimits(10, 5))
        .complete(t('2025-03-05T10:00'));
    });
    const first = computeFigures(state, { period, hall: 'h' }).figures;
    expect(first.monthlyAverageCompleted.value).toBe(1);
    expect(first.yearOverYear).toMatchObject({ value: null, display: '—', of: 'monthlyAverageCompleted' });
    const second = computeFigures(state, { period: { from: '2025-03-01', to: '2025-04-01' }, hall: 'h' }).figures;
    expect(second.yearOverYear).toMatchObject({ value: 1, display: '+1', of: 'monthlyAverageCompleted', parts: { current: 2, previous: 1 } });
  });

  it('given cases accepted in March and completed in April, when counted by flow and by cohort, then cohort follows the March cases', async () => {
    const state = await factsOf((w) => {
      caseScript(w, clock, { caseId: 'a', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-29T09:00')).accept(t('2024-03-29T10:00'), d1, 'promised', workingDayLimits(10, 5))
        .complete(t('2024-04-02T10:00'));
      caseScript(w, clock, { caseId: 'b', hallId: 'h', itemCode: 'I' }).submit(t('2024-02-29T09:00')).accept(t('2024-02-29T10:00'), d1, 'promised', workingDayLimits(10, 5))
        .complete(t('2024-03-04T10:00'));
    });
    const flow = computeFigures(state, { period, hall: 'h' }).figures;
    const cohort = computeFigures(state, { period, hall: 'h', options: { counting: 'cohort' } }).figures;
    expect([flow.accepted.value, flow.completed.value, flow.carryIn.value, flow.carryOut.value]).toEqual([1, 1, 1, 1]);
    expect(cohort.completed).toMatchObject({ value: 1, variant: 'counting=cohort' });
    expect(cohort.completionRate).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('given evaluations with an appeal, a rectified bad review and a system default, when rated, then appeals are excluded and each rate has its own base', async () => {
    const state = await factsOf((w) => {
      const c = (id: string) => caseScript(w, clock, { caseId: id, hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00'))
        .accept(t('2024-03-04T09:30'), d1, 'immediate', workingDayLimits(5, 1)).complete(t('2024-03-04T11:00'));
      c('a').evaluate(t('2024-03-04T11:05'), 'ea', 1);
      c('b').evaluate(t('2024-03-04T11:05'), 'eb', 2);
      c('c').evaluate(t('2024-03-04T11:05'), 'ec', 5, 'systemDefault');
      c('d');
      w.add('case-a', 'EvaluationAppealed', { caseId: 'a', evaluationId: 'ea', reason: '误操作' }, '2024-03-05T09:00:00+08:00');
      w.add('case-a', 'EvaluationAppealDecided', { caseId: 'a', evaluationId: 'ea', outcome: 'mistaken' }, '2024-03-06T09:00:00+08:00');
      w.add('case-b', 'BadReviewTriaged', { caseId: 'b', evaluationId: 'eb', valid: true }, '2024-03-05T09:00:00+08:00');
      w.add('case-b', 'BadReviewRectified', { caseId: 'b', evaluationId: 'eb', measures: '改进' }, '2024-03-08T09:00:00+08:00');
    });
    const f = computeFigures(state, { period, hall: 'h' }).figures;
    expect(f.evaluations.value).toBe(2);
    expect(f.evaluationRate).toMatchObject({ numerator: 2, denominator: 4 });
    expect(f.activeEvaluationRate).toMatchObject({ numerator: 1, denominator: 4 });
    expect(f.badReviewRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(f.badReviewRectificationRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(f.immediateCompletionRate).toMatchObject({ numerator: 4, denominator: 4 });
  });

  it('given two currencies, when summed, then they are never added together', async () => {
    const state = await factsOf((w) => {
      caseScript(w, clock, { caseId: 'a', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00'), { investment: { amount: 0.1, currency: 'CNY' } })
        .accept(t('2024-03-04T09:30'), d1, 'promised', workingDayLimits(10, 5));
      caseScript(w, clock, { caseId: 'b', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00'), { investment: { amount: 0.2, currency: 'CNY' } })
        .accept(t('2024-03-04T09:30'), d1, 'promised', workingDayLimits(10, 5));
      caseScript(w, clock, { caseId: 'c', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00'), { investment: { amount: 5, currency: 'USD' } })
        .accept(t('2024-03-04T09:30'), d1, 'promised', workingDayLimits(10, 5));
    });
    expect(computeFigures(state, { period, hall: 'h' }).figures.investmentAccepted).toMatchObject({ value: { CNY: 0.3, USD: 5 }, display: '0.00 万元; 5.00 USD' });
  });

  it('given a catalogue with a suspended item and an hour limit, when averaged, then only stationed items count, hours by office hours', async () => {
    const state = await factsOf((w) => {
      defineItems(w, clock, 'h', [
        { itemCode: 'A', departmentId: 'dept-1', kind: 'promised', limits: workingDayLimits(20, 10) },
        { itemCode: 'B', departmentId: 'dept-2', kind: 'immediate', limits: { statutory: { value: 7, unit: 'workingHours' }, promised: { value: 3.5, unit: 'workingHours' } } },
        { itemCode: 'C', departmentId: 'dept-2', kind: 'promised', limits: workingDayLimits(30, 30) },
      ], t('2024-01-02T09:00'));
      w.add('catalog-h', 'ServiceItemSuspended', { hallId: 'h', itemCode: 'C', effectiveFrom: '2024-02-01' }, '2024-01-20T09:00:00+08:00');
    });
    const result = computeFigures(state, { period, hall: 'h', by: 'department' });
    expect(result.figures.averageStatutoryLimit).toMatchObject({ numerator: 21, denominator: 2, value: 10.5 });
    expect(result.figures.averagePromisedLimit).toMatchObject({ numerator: 10.5, denominator: 2, value: 5.25 });
    expect(result.figures.promisedSpeedup).toMatchObject({ value: 50 });
    expect(result.groups!.map((g) => [g.key, g.label, g.figures.averageStatutoryLimit.value])).toEqual([['dept-1', '部门 dept-1', 20], ['dept-2', '部门 dept-2', 1]]);
  });

  it('given a published calendar, when a case pins its version, then the case clock uses it and a case on the shipped version does not', async () => {
    const state = await factsOf((w) => {
      w.add('calendar-cn', 'CalendarPublished', {
        calendarId: 'cn', year: 2024, days: [{ date: '2024-03-06', isOffDay: true, name: '临时休息日' }], papers: ['https://example.gov.cn/notice'],
        contentHash: 'f'.repeat(64), version: 'cn@2024-adhoc',
      }, '2024-03-01T09:00:00+08:00');
      caseScript(w, clock, { caseId: 'a', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00')).accept(t('2024-03-04T09:30'), d1, 'promised', workingDayLimits(10, 5));
      w.add('case-a', 'DeadlineRecomputed', {
        caseId: 'a', reason: 'ad-hoc holiday',
        previous: { promisedDueAt: '2024-03-11T17:30:00+08:00', statutoryDueAt: '2024-03-18T17:30:00+08:00', calendarVersion: clock.calendar.version },
        next: { promisedDueAt: '2024-03-12T17:30:00+08:00', statutoryDueAt: '2024-03-19T17:30:00+08:00', calendarVersion: 'cn@2024-adhoc' },
      }, '2024-03-04T10:00:00+08:00');
      caseScript(w, clock, { caseId: 'b', hallId: 'h', itemCode: 'I' }).submit(t('2024-03-04T09:00')).accept(t('2024-03-04T09:30'), d1, 'promised', workingDayLimits(10, 5));
    });
    expect(caseClock(state.context, state.cases.get('a')!).isWorkingDay('2024-03-06')).toBe(false);
    expect(caseClock(state.context, state.cases.get('b')!).isWorkingDay('2024-03-06')).toBe(true);
    expect(dueTimesAt(state.cases.get('a')!.clock!).due.promisedDueMs).toBe(t('2024-03-12T17:30'));
  });
});
