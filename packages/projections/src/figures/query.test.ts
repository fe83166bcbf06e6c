import { dueTimesAt, parseInstant, SHIPPED_CHINA_YEARS, type Actor, type HolidayYear } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { caseClock } from '../cases/timing';
import { ADMIN, APPLICANT, APPROVER, CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { rebuild } from '../runner/rebuild';
import { computeFigures } from './query';

const T = (local: string) => `${local}:00+08:00`;
const t = (local: string) => parseInstant(T(local));
const period = { from: '2024-03-01', to: '2024-04-01' };
const wd = (value: number) => ({ value, unit: 'workingDays' });

/**
 * The engine hall with two items of its market department defined for these tests: I (promised,
 * 5 of a statutory 10 working days) and IM (immediate, 1 of 5). `build` sends its commands in
 * the order they happen.
 */
const factsOf = async (build: (hall: EngineHall, c: Cases) => Promise<void>): Promise<CaseFactsState> => {
  const hall = await createEngineHall({ setupAt: T('2024-01-02T08:00') });
  for (const [itemCode, kind, statutory, promised] of [['I', 'promised', 10, 5], ['IM', 'immediate', 5, 1]] as const) {
    await hall.run('DefineServiceItem', {
      hallId: 'h1', itemCode, version: 1, name: `事项 ${itemCode}`, departmentId: 'market', kind, limits: { statutory: wd(statutory), promised: wd(promised) }, effectiveFrom: '2015-01-01',
    }, ADMIN, T('2024-01-02T08:00'));
  }
  await build(hall, cases(hall));
  return (await rebuild(hall.store, [caseFactsProjection])).states.caseFacts as CaseFactsState;
};

type Cases = ReturnType<typeof cases>;
/** A market case's commands by the market clerk, at local times. */
const cases = (hall: EngineHall) => {
  const send = (caseId: string, type: string, at: string, data: Record<string, unknown> = {}, actor: Actor = CLERK) => hall.run(type, { caseId, ...data }, actor, T(at));
  return {
    send,
    accept: (caseId: string, submitAt: string, acceptAt: string, itemCode = 'I', submission: Record<string, unknown> = {}) => hall.accept(caseId, T(submitAt), itemCode, T(acceptAt), submission),
    complete: async (caseId: string, at: string) => {
      await send(caseId, 'MakeDecision', at, { outcome: 'approved' });
      await send(caseId, 'CompleteCase', at, { result: 'issued' });
    },
    evaluate: (caseId: string, evaluationId: string, level: number, at: string, channel = 'mobile') =>
      send(caseId, 'SubmitEvaluation', at, { evaluationId, level, channel, round: 'first', realName: false }, channel === 'systemDefault' ? { kind: 'system', id: 'evaluation-system' } : APPLICANT(`p-${caseId}`)),
  };
};

describe('figures over case facts', () => {
  it('given promised cases with a suspension, when averaged, then completion time and actual speed-up come from office time exactly', async () => {
    const state = await factsOf(async (_, c) => {
      await c.accept('b', '2024-03-04T09:00', '2024-03-04T09:00');
      await c.accept('a', '2024-03-04T09:00', '2024-03-04T12:00');
      await c.send('b', 'SuspendClock', '2024-03-05T09:00', { procedure: 'hearing', legalBasis: '行政许可法 §46' });
      await c.send('b', 'ResumeClock', '2024-03-06T09:00');
      await c.complete('a', '2024-03-06T12:00');
      await c.complete('b', '2024-03-07T09:00');
    });
    const f = computeFigures(state, { period, hall: 'h1' }).figures;
    // a: 4 h on the 4th + 7 h + 3 h = 14 h = 2 wd; b: 3 days gross − 1 day suspended = 2 wd
    expect(f.averageCompletionTime).toMatchObject({ value: 2, numerator: 4, denominator: 2, unit: '工作日' });
    expect(f.actualSpeedup).toMatchObject({ value: 80, numerator: 16, denominator: 20 });
    expect(computeFigures(state, { period, hall: 'h1', options: { actualSpeedup: 'meanOfRatios' } }).figures.actualSpeedup).toMatchObject({ value: 80, variant: 'actualSpeedup=meanOfRatios' });
    expect(f.averageAcceptanceTime).toMatchObject({ value: 0.06, numerator: 0.125, denominator: 2, unit: '天' });
  });

  it('given no case a year earlier, when 同比 is asked, then it is no value (—), not growth over a year of zeros; with one, it is the difference', async () => {
    const state = await factsOf(async (_, c) => {
      await c.accept('a', '2024-03-04T09:00', '2024-03-04T10:00');
      await c.complete('a', '2024-03-06T10:00');
      for (const id of ['b', 'c']) await c.accept(id, '2025-03-04T09:00', '2025-03-04T10:00');
      for (const id of ['b', 'c']) await c.complete(id, '2025-03-05T10:00');
    });
    const first = computeFigures(state, { period, hall: 'h1' }).figures;
    expect(first.monthlyAverageCompleted.value).toBe(1);
    expect(first.yearOverYear).toMatchObject({ value: null, display: '—', of: 'monthlyAverageCompleted' });
    const second = computeFigures(state, { period: { from: '2025-03-01', to: '2025-04-01' }, hall: 'h1' }).figures;
    expect(second.yearOverYear).toMatchObject({ value: 1, display: '+1', of: 'monthlyAverageCompleted', parts: { current: 2, previous: 1 } });
  });

  it('given cases accepted in March and completed in April, when counted by flow and by cohort, then cohort follows the March cases', async () => {
    const state = await factsOf(async (_, c) => {
      await c.accept('b', '2024-02-29T09:00', '2024-02-29T10:00');
      await c.complete('b', '2024-03-04T10:00');
      await c.accept('a', '2024-03-29T09:00', '2024-03-29T10:00');
      await c.complete('a', '2024-04-02T10:00');
    });
    const flow = computeFigures(state, { period, hall: 'h1' }).figures;
    const cohort = computeFigures(state, { period, hall: 'h1', options: { counting: 'cohort' } }).figures;
    expect([flow.accepted.value, flow.completed.value, flow.carryIn.value, flow.carryOut.value]).toEqual([1, 1, 1, 1]);
    expect(cohort.completed).toMatchObject({ value: 1, variant: 'counting=cohort' });
    expect(cohort.completionRate).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('given evaluations with an appeal, a rectified bad review and a system default, when rated, then appeals are excluded and each rate has its own base', async () => {
    const state = await factsOf(async (_, c) => {
      for (const id of ['a', 'b', 'c', 'd']) await c.accept(id, '2024-03-04T09:00', '2024-03-04T09:30', 'IM');
      for (const id of ['a', 'b', 'c', 'd']) await c.complete(id, '2024-03-04T11:00');
      await c.evaluate('a', 'ea', 1, '2024-03-04T11:05');
      await c.evaluate('b', 'eb', 2, '2024-03-04T11:05');
      await c.evaluate('c', 'ec', 5, '2024-03-04T11:05', 'systemDefault');
      await c.send('a', 'AppealEvaluation', '2024-03-05T09:00', { evaluationId: 'ea', reason: '误操作' });
      await c.send('b', 'TriageBadReview', '2024-03-05T09:00', { evaluationId: 'eb', valid: true });
      await c.send('a', 'DecideAppeal', '2024-03-06T09:00', { evaluationId: 'ea', outcome: 'mistaken' }, APPROVER);
      await c.send('b', 'ReplyBadReview', '2024-03-06T10:00', { evaluationId: 'eb' });
      await c.send('b', 'RectifyBadReview', '2024-03-08T09:00', { evaluationId: 'eb', measures: '改进' });
    });
    const f = computeFigures(state, { period, hall: 'h1' }).figures;
    expect(f.evaluations.value).toBe(2);
    expect(f.evaluationRate).toMatchObject({ numerator: 2, denominator: 4 });
    expect(f.activeEvaluationRate).toMatchObject({ numerator: 1, denominator: 4 });
    expect(f.badReviewRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(f.badReviewRectificationRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(f.immediateCompletionRate).toMatchObject({ numerator: 4, denominator: 4 });
  });

  it('given two currencies, when summed, then they are never added together', async () => {
    const state = await factsOf(async (_, c) => {
      for (const [id, amount, currency] of [['a', 0.1, 'CNY'], ['b', 0.2, 'CNY'], ['c', 5, 'USD']] as const) {
        await c.accept(id, '2024-03-04T09:00', '2024-03-04T09:30', 'I', { investment: { amount, currency } });
      }
    });
    expect(computeFigures(state, { period, hall: 'h1' }).figures.investmentAccepted).toMatchObject({ value: { CNY: 0.3, USD: 5 }, display: '0.00 万元; 5.00 USD' });
  });

  it('given a catalogue with a suspended item and an hour limit, when averaged, then only stationed items count, hours by office hours', async () => {
    const state = await factsOf(async (hall) => {
      const at = T('2024-01-02T09:00');
      await hall.run('RegisterHall', {
        hallId: 'h2', name: '某镇便民服务中心', level: 'township', parentId: 'h1', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
      }, ADMIN, at);
      for (const [departmentId, name] of [['market', '市场监管所'], ['tax', '税务所']] as const) await hall.run('RegisterDepartment', { hallId: 'h2', departmentId, name }, ADMIN, at);
      const items = [
        { itemCode: 'A', departmentId: 'market', kind: 'promised', limits: { statutory: wd(20), promised: wd(10) } },
        { itemCode: 'B', departmentId: 'tax', kind: 'immediate', limits: { statutory: { value: 7, unit: 'workingHours' }, promised: { value: 3.5, unit: 'workingHours' } } },
        { itemCode: 'C', departmentId: 'tax', kind: 'promised', limits: { statutory: wd(30), promised: wd(30) } },
      ];
      for (const item of items) await hall.run('DefineServiceItem', { hallId: 'h2', version: 1, name: `事项 ${item.itemCode}`, effectiveFrom: '2015-01-01', ...item }, ADMIN, at);
      await hall.run('SuspendServiceItem', { hallId: 'h2', itemCode: 'C', effectiveFrom: '2024-02-01' }, ADMIN, T('2024-01-20T09:00'));
    });
    const result = computeFigures(state, { period, hall: 'h2', by: 'department' });
    expect(result.figures.averageStatutoryLimit).toMatchObject({ numerator: 21, denominator: 2, value: 10.5 });
    expect(result.figures.averagePromisedLimit).toMatchObject({ numerator: 10.5, denominator: 2, value: 5.25 });
    expect(result.figures.promisedSpeedup).toMatchObject({ value: 50 });
    expect(result.groups!.map((g) => [g.key, g.label, g.figures.averageStatutoryLimit.value])).toEqual([['market', '市场监管所', 20], ['tax', '税务所', 1]]);
  });

  it('given a notice published mid-case, when the open case is recomputed, then its clock uses the new calendar and a case closed before keeps the shipped one', async () => {
    const notice2024 = (SHIPPED_CHINA_YEARS as HolidayYear[]).find((y) => y.year === 2024)!;
    const state = await factsOf(async (hall, c) => {
      await c.accept('a', '2024-03-04T09:00', '2024-03-04T09:30');
      await c.accept('b', '2024-03-04T09:00', '2024-03-04T09:30');
      await c.complete('b', '2024-03-04T09:50');
      // the year's notice with an ad-hoc day off (Wed Mar 6) added; the hall recomputes its open cases
      await hall.run('PublishCalendar', {
        calendarId: 'cn', year: 2024, papers: [...notice2024.papers, 'https://example.gov.cn/notice'], days: [...notice2024.days, { date: '2024-03-06', isOffDay: true, name: '临时休息日' }],
      }, ADMIN, T('2024-03-04T10:00'));
      await hall.run('RecomputeDeadline', { caseId: 'a', reason: 'ad-hoc holiday' }, { kind: 'system', id: 'deadline-recompute' }, T('2024-03-04T10:01'));
    });
    expect(caseClock(state.context, state.cases.get('a')!).isWorkingDay('2024-03-06')).toBe(false);
    expect(caseClock(state.context, state.cases.get('b')!).isWorkingDay('2024-03-06')).toBe(true);
    expect(dueTimesAt(state.cases.get('a')!.clock!).due.promisedDueMs).toBe(t('2024-03-12T17:30'));
  });
});
