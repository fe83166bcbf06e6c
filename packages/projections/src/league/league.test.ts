import type { Actor } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { ADMIN, APPLICANT, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { caseFactsOf } from '../summary/national-day.fixture';
import { league, monthPeriod } from './index';

const T = (local: string) => `${local}:00+08:00`;
const staff = (id: string): Actor => ({ kind: 'staff', id });
/** Five clerks at five windows: S1, S2 at market (item ML-1), S3–S5 at health (item HL-1). */
const desks = [
  { staffId: 'S1', windowId: 'W1', departmentId: 'market' },
  { staffId: 'S2', windowId: 'W2', departmentId: 'market' },
  { staffId: 'S3', windowId: 'W3', departmentId: 'health' },
  { staffId: 'S4', windowId: 'W4', departmentId: 'health' },
  { staffId: 'S5', windowId: 'W5', departmentId: 'health' },
] as const;

/** The engine hall with a health department, the five desks and 1-working-day items (statutory 20). */
const leagueHall = async (): Promise<EngineHall> => {
  const hall = await createEngineHall({ setupAt: T('2024-01-02T08:00') });
  const at = T('2024-01-02T08:00');
  await hall.run('RegisterDepartment', { hallId: 'h1', departmentId: 'health', name: '卫生健康委' }, ADMIN, at);
  for (const d of desks) {
    await hall.run('OpenWindow', { hallId: 'h1', windowId: d.windowId, kind: 'department', departmentId: d.departmentId }, ADMIN, at);
    await hall.run('RegisterStaff', { hallId: 'h1', staffId: d.staffId, role: 'windowStaff', departmentId: d.departmentId, windowId: d.windowId }, ADMIN, at);
  }
  for (const [itemCode, departmentId] of [['ML-1', 'market'], ['HL-1', 'health']] as const) {
    await hall.run('DefineServiceItem', {
      hallId: 'h1', itemCode, version: 1, name: `${itemCode} 即办件`, departmentId, kind: 'promised',
      limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 1, unit: 'workingDays' } }, effectiveFrom: '2015-01-01',
    }, ADMIN, at);
  }
  return hall;
};

let serial = 0;
/** A case accepted Tue Oct 8 10:00 by `staffId` with 1 working day (due Wed Oct 9 17:30), completed at `completedAt`, then evaluated. */
const handled = async (hall: EngineHall, staffId: string, completedAt: string, level?: number) => {
  const caseId = `C${++serial}`;
  const desk = desks.find((d) => d.staffId === staffId)!;
  const clerk = staff(staffId);
  await hall.run('SubmitApplication', {
    caseId, caseNo: `NO-${caseId}`, hallId: 'h1', itemCode: desk.departmentId === 'market' ? 'ML-1' : 'HL-1', channel: 'window',
    applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请表'],
  }, clerk, T('2024-10-08T09:00'));
  await hall.run('AcceptCase', { caseId, windowId: desk.windowId, staffId }, clerk, T('2024-10-08T10:00'));
  await hall.run('MakeDecision', { caseId, outcome: 'approved' }, clerk, completedAt);
  await hall.run('CompleteCase', { caseId, result: 'issued' }, clerk, completedAt);
  // the applicant evaluates on a phone: the decider refuses an applicant's own 'device' (评价器) channel
  if (level !== undefined) {
    await hall.run('SubmitEvaluation', { caseId, evaluationId: `E-${caseId}`, level, channel: 'mobile', round: 'first', realName: true }, APPLICANT(`p-${caseId}`), completedAt);
  }
};

const onTime = T('2024-10-09T15:00');
const late = T('2024-10-10T10:00');

const givenOctober = async () => {
  const hall = await leagueHall();
  // S1: 2 on time, satisfied 2/2
  await handled(hall, 'S1', onTime, 5); await handled(hall, 'S1', onTime, 4);
  // S2: 2 on time, satisfied 1/2
  await handled(hall, 'S2', onTime, 5); await handled(hall, 'S2', onTime, 2);
  // S3: 1 of 2 on time
  await handled(hall, 'S3', onTime, 5); await handled(hall, 'S3', late, 5);
  // S4 and S5: the same record, 1 on time, satisfied 1/1
  await handled(hall, 'S4', onTime, 5); await handled(hall, 'S5', onTime, 5);
  // completed in November: not October's
  await handled(hall, 'S3', T('2024-11-01T10:00'), 1);
  return caseFactsOf(hall.store);
};

describe('staff and window league', () => {
  it('ranks staff by on-time rate, then satisfaction, then volume, ties sharing a rank in key order', async () => {
    const facts = await givenOctober();
    const { rows, period } = league(facts, { month: '2024-10', by: 'staff' });
    expect(period).toEqual({ from: '2024-10-01', to: '2024-11-01' });
    expect(rows.map((r) => [r.rank, r.key, r.onTimeRate.display, r.satisfactionRate.display, r.completed])).toEqual([
      [1, 'S1', '100.00%', '100.00%', 2],
      [2, 'S4', '100.00%', '100.00%', 1],
      [2, 'S5', '100.00%', '100.00%', 1],
      [4, 'S2', '100.00%', '50.00%', 2],
      [5, 'S3', '50.00%', '100.00%', 2],
    ]);
    expect(rows[0]!.onTimeRate).toMatchObject({ numerator: 2, denominator: 2, definition: expect.stringMatching(/^onTimeRate@\d+$/) });
    expect(rows[0]!.satisfactionRate.definition).toMatch(/^satisfactionRate@\d+$/);
  });

  it('gives the same order on every run (deterministic)', async () => {
    const facts = await givenOctober();
    const a = league(facts, { month: '2024-10', by: 'window' });
    const b = league(facts, { month: '2024-10', by: 'window' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.rows.map((r) => r.key)).toEqual(['W1', 'W4', 'W5', 'W2', 'W3']);
  });

  it('follows the figure options: counting level 3 as satisfied changes nothing here, level 2 does not count', async () => {
    const facts = await givenOctober();
    const { rows } = league(facts, { month: '2024-10', by: 'staff', options: { satisfiedLevels: [2, 3, 4, 5] } });
    expect(rows.find((r) => r.key === 'S2')!.satisfactionRate.display).toBe('100.00%');
    expect(rows.map((r) => r.key).slice(0, 3)).toEqual(['S1', 'S2', 'S4']);
  });

  it('ranks November on its own cases, and a month without cases is empty', async () => {
    const facts = await givenOctober();
    expect(league(facts, { month: '2024-11', by: 'staff' }).rows.map((r) => [r.key, r.onTimeRate.display, r.satisfactionRate.display])).toEqual([
      ['S3', '0.00%', '0.00%'],
    ]);
    expect(league(facts, { month: '2024-12', by: 'staff' }).rows).toEqual([]);
  });

  it('turns a month into its period and refuses anything else', () => {
    expect(monthPeriod('2024-12')).toEqual({ from: '2024-12-01', to: '2025-01-01' });
    expect(() => monthPeriod('2024-13')).toThrow(RangeError);
  });
});
