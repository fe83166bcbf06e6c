import { describe, expect, it } from 'vitest';
import { CLERK } from '../golden/engine-hall.fixture';
import { caseSummaryAt } from './index';
import { caseFactsOf, nationalDayHall } from './national-day.fixture';

describe('case summary', () => {
  it('shows an open case with its holder, due times, remaining working time and alert level', async () => {
    // given C-ND accepted Mon Sep 30 10:00, 5 working days, National Day in between
    const facts = await caseFactsOf((await nationalDayHall()).store);
    // when seen on Wed Oct 9 at 12:00
    const summary = caseSummaryAt(facts, 'C-ND', '2024-10-09T12:00:00+08:00');
    // then Oct 9 13:30–17:30 (4 h) + Oct 10, 11, 12 (21 h) = 25 h are left
    expect(summary).toMatchObject({
      caseId: 'C-ND', caseNo: 'NO-C-ND', hallId: 'h1', kind: 'promised', state: 'inProgress',
      at: '2024-10-09T12:00:00+08:00',
      holder: { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' },
      acceptedAt: '2024-09-30T10:00:00+08:00',
    });
    expect(summary!.clock).toMatchObject({
      promisedDueAt: '2024-10-12T17:30:00+08:00',
      statutoryDueAt: '2024-11-01T17:30:00+08:00',
      remainingOfficeSeconds: 25 * 3600,
      remainingWorkingDays: 3.57,
      // Sep 30 10:00–17:30 (6 h) + Oct 8 (7 h) + Oct 9 morning (3 h) = 16 h
      elapsedWorkingDays: 2.29,
      level: 'normal',
      reached: [],
      statutoryOverdue: false,
    });
  });

  it('shows the alert level reached', async () => {
    const facts = await caseFactsOf((await nationalDayHall()).store);
    expect(caseSummaryAt(facts, 'C-ND', '2024-10-14T09:00:00+08:00')!.clock).toMatchObject({
      level: 'yellowCard', reached: ['approaching', 'overdue', 'yellowCard'], remainingWorkingDays: 0,
    });
  });

  it('shows a completed case as on time, without a ladder', async () => {
    const facts = await caseFactsOf((await nationalDayHall()).store);
    const summary = caseSummaryAt(facts, 'C-DONE', '2024-10-20T09:00:00+08:00');
    expect(summary).toMatchObject({ state: 'completed', completedAt: '2024-10-08T11:00:00+08:00' });
    expect(summary!.clock).toMatchObject({ onTime: true, level: 'normal', reached: [], elapsedWorkingDays: 1.21 });
    expect(summary!.clock!.remainingWorkingDays).toBeUndefined();
  });

  it('shows a case before acceptance without a clock, and a suspended one as suspended', async () => {
    const hall = await nationalDayHall();
    await hall.run('SubmitApplication', {
      caseId: 'C-NEW', caseNo: 'NO-C-NEW', hallId: 'h1', itemCode: 'SC-5', channel: 'window', applicant: { type: 'person', ref: 'p-C-NEW' }, materials: ['申请书'],
    }, CLERK, '2024-10-09T09:00:00+08:00');
    await hall.run('SuspendClock', {
      caseId: 'C-ND', procedure: 'hearing', legalBasis: '行政许可法 §45', applicantNotifiedAt: '2024-10-09T10:00:00+08:00',
    }, CLERK, '2024-10-09T10:00:00+08:00');
    const facts = await caseFactsOf(hall.store);
    expect(caseSummaryAt(facts, 'C-NEW', '2024-10-09T12:00:00+08:00')).toMatchObject({ state: 'submitted' });
    expect(caseSummaryAt(facts, 'C-NEW', '2024-10-09T12:00:00+08:00')!.clock).toBeUndefined();
    const suspended = caseSummaryAt(facts, 'C-ND', '2024-10-10T10:00:00+08:00')!;
    expect(suspended.state).toBe('suspended');
    // the clock stopped at Oct 9 10:00 with 2 h + 4 h + 21 h = 27 h left; a day later it still has them
    expect(suspended.clock!.remainingOfficeSeconds).toBe(27 * 3600);
    // and the due time moved by the 7 office hours suspended so far: Sat Oct 12 17:30 → Mon Oct 14 17:30
    expect(suspended.clock!.promisedDueAt).toBe('2024-10-14T17:30:00+08:00');
  });

  it('knows no unknown case', async () => {
    const facts = await caseFactsOf((await nationalDayHall()).store);
    expect(caseSummaryAt(facts, 'nope', 0)).toBeUndefined();
  });
});
