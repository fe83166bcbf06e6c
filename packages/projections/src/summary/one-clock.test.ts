import { caseClockAt, createCaseDecider, createCommandEngine, createDirectory, parseInstant } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { APPROVER, CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { buildReport } from '../report/build-report';
import { rebuild } from '../runner/rebuild';
import { deadlineWatch } from '../watch/deadline-watch';
import { createAlertScheduler } from '../watch/scheduler';
import { caseSummaryAt } from './summary';

/**
 * The path: accepted Mon 2025-03-03 with a 5-working-day promised limit, a correction
 * requested after acceptance on 03-04 and the materials supplied on 03-06. Under the hall's
 * default policy (restart) the limit runs again from the supplement: due Thu 03-13 17:30. Under
 * `resume` the 14 suspended office hours (2 working days) push the original 03-10 to 03-12.
 */
const T = (local: string) => `${local}:00+08:00`;

const corrected = async (policy: 'restart' | 'resume'): Promise<EngineHall> => {
  const hall = await createEngineHall({ policy: { correctionAfterAcceptance: policy }, setupAt: T('2025-01-02T08:00') });
  await hall.accept('c1', T('2025-03-03T09:40'), 'SC-5', T('2025-03-03T10:00'));
  await hall.run('RequestCorrection', { caseId: 'c1', missing: ['营业执照复印件'], legalBasis: '行政许可法 §32' }, CLERK, T('2025-03-04T10:00'));
  await hall.run('SupplyCorrection', { caseId: 'c1', materials: ['营业执照复印件'] }, CLERK, T('2025-03-06T10:00'));
  return hall;
};

const factsOf = async (hall: EngineHall): Promise<CaseFactsState> =>
  (await rebuild(hall.store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;

describe('one clock: a correction after acceptance 受理后补正', () => {
  it('given the default policy (restart), when the materials are supplied, then the summary, the watch and the core decider all see the case running again, due 03-13 17:30', async () => {
    const hall = await corrected('restart');
    const facts = await factsOf(hall);
    const at = parseInstant(T('2025-03-07T10:00'));
    const summary = caseSummaryAt(facts, 'c1', at)!;
    expect(summary.state).toBe('inProgress');
    expect(summary.clock).toMatchObject({ promisedDueAt: '2025-03-13T17:30:00+08:00', level: 'normal' });
    const core = await hall.coreState('c1');
    expect(core.status).toBe('inProgress');
    expect(hall.clockFor('h1').toInstant(caseClockAt(core.clock!, (v) => hall.clockFor('h1', v), at).promised.dueAtMs)).toBe('2025-03-13T17:30:00+08:00');
    expect(caseSummaryAt(facts, 'c1', parseInstant(T('2025-03-05T10:00')))!.state).toBe('suspended');
  });

  it('given the hall policy resume, when the materials are supplied, then the 14 suspended office hours push the due time from 03-10 to 03-12 17:30 (the policy recorded in the log, not a report option)', async () => {
    const facts = await factsOf(await corrected('resume'));
    expect(caseSummaryAt(facts, 'c1', parseInstant(T('2025-03-07T10:00')))!.clock).toMatchObject({ promisedDueAt: '2025-03-12T17:30:00+08:00' });
  });

  it('given the restarted case still open two weeks later, when watched, then it is overdue with a red card; completed then, it counts late in the report', async () => {
    const hall = await corrected('restart');
    const facts = await factsOf(hall);
    const watch = deadlineWatch(facts, { at: T('2025-03-19T10:00') });
    expect(watch.cases.map((c) => [c.caseId, c.level, c.dueAt])).toEqual([['c1', 'redCard', '2025-03-13T17:30:00+08:00']]);
    await hall.run('MakeDecision', { caseId: 'c1', outcome: 'approved' }, CLERK, T('2025-03-27T10:00'));
    await hall.run('CompleteCase', { caseId: 'c1', result: 'issued' }, CLERK, T('2025-03-27T10:05'));
    const report = await buildReport(hall.store, { from: '2025-03-01', to: '2025-04-01', hall: 'h1' });
    expect(report.figures.onTimeRate).toMatchObject({ numerator: 0, denominator: 1 });
    expect(report.figures.overdue).toMatchObject({ value: 1, parts: { completedLate: 1, openOverdue: 0 } });
  });

  it('given the restarted case overdue, when the alert scheduler runs, then it raises 黄灯, 红灯, 黄牌 and 红牌 of the promised limit through the case decider', async () => {
    const hall = await corrected('restart');
    let now = T('2025-03-19T10:00');
    const directory = createDirectory((await hall.store.readStream('hall-h1')).concat(await hall.store.readStream('catalog-h1')));
    const scheduler = createAlertScheduler({
      store: hall.store, engine: createCommandEngine({ store: hall.store, now: () => now }), decider: createCaseDecider({ directory }), now: () => now,
    });
    const pass = await scheduler.tick();
    expect(pass.refused).toEqual([]);
    expect(pass.raised.map((a) => [a.rule, a.level])).toEqual([
      ['promisedLimit', 'approaching'], ['promisedLimit', 'overdue'], ['promisedLimit', 'yellowCard'], ['promisedLimit', 'redCard'],
    ]);
    now = T('2025-03-19T11:00');
    expect((await scheduler.tick()).raised).toEqual([]);
  });

  it('given an extension recorded after the due time, when the request claims an earlier date, then the case stays overdue (lateness by when it was recorded)', async () => {
    const hall = await corrected('restart');
    await hall.run('ExtendTimeLimit', {
      caseId: 'c1', by: { value: 5, unit: 'workingDays' }, approvedBy: APPROVER.id, reason: '需现场核查', requestedAt: T('2025-03-17T09:00'),
    }, APPROVER, T('2025-03-17T09:00'));
    const facts = await factsOf(hall);
    const summary = caseSummaryAt(facts, 'c1', parseInstant(T('2025-03-17T10:00')))!;
    expect(summary.clock).toMatchObject({ promisedDueAt: '2025-03-13T17:30:00+08:00', lateExtension: true, level: 'yellowCard' });
  });
});
