import { clockSegments, parseInstant } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { APPLICANT, APPROVER, CLERK, CLERK_TAX, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { rebuild } from '../runner/rebuild';
import { caseFactsProjection } from './projection';
import type { CaseFactsState } from './facts';

const t = (iso: string) => parseInstant(iso);
const T = (local: string) => `${local}:00+08:00`;
const deskMarket = { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' };
const deskTax = { departmentId: 'tax', windowId: 'w-t', staffId: 'clerk-t' };

const fold = async (hall: EngineHall): Promise<CaseFactsState> =>
  (await rebuild(hall.store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;

describe('per-case facts', () => {
  it('given a case through transfer, suspension and completion, when folded, then its record holds every clock input', async () => {
    const hall = await createEngineHall();
    await hall.accept('c1', T('2024-03-04T09:10'), 'SC-5', T('2024-03-04T10:00'), { investment: { amount: 100, currency: 'CNY' } });
    await hall.run('TransferCase', { caseId: 'c1', to: deskTax, reason: '涉税事项' }, CLERK, T('2024-03-05T10:00'));
    await hall.run('SuspendClock', { caseId: 'c1', procedure: 'hearing', legalBasis: '行政许可法 §45' }, CLERK_TAX, T('2024-03-06T10:00'));
    await hall.run('ResumeClock', { caseId: 'c1' }, CLERK_TAX, T('2024-03-07T10:00'));
    await hall.run('ExtendTimeLimit', { caseId: 'c1', by: { value: 2, unit: 'workingDays' }, approvedBy: APPROVER.id, reason: '需现场核查' }, APPROVER, T('2024-03-07T11:00'));
    await hall.run('MakeDecision', { caseId: 'c1', outcome: 'approved' }, CLERK_TAX, T('2024-03-08T14:50'));
    await hall.run('CompleteCase', { caseId: 'c1', result: 'issued' }, CLERK_TAX, T('2024-03-08T15:00'));
    await hall.run('DeliverResult', { caseId: 'c1', method: 'window' }, CLERK_TAX, T('2024-03-08T16:00'));
    await hall.run('SubmitEvaluation', { caseId: 'c1', evaluationId: 'e1', level: 5, channel: 'pc', round: 'first', realName: true }, APPLICANT('p-c1'), T('2024-03-08T16:05'));
    const state = await fold(hall);
    const c = state.cases.get('c1')!;
    expect(c.status).toBe('completed');
    expect(c.hallId).toBe('h1');
    expect(c.acceptedBy).toEqual(deskMarket);
    expect(c.holder).toEqual(deskTax);
    expect(c.clock?.handovers).toHaveLength(1);
    expect(c.clock && clockSegments(c.clock).map((s) => [s.departmentId, s.fromMs, s.toMs])).toEqual([
      ['market', t(T('2024-03-04T10:00')), t(T('2024-03-05T10:00'))], ['tax', t(T('2024-03-05T10:00')), t(T('2024-03-08T15:00'))],
    ]);
    expect(c.clock?.suspensions).toEqual([{ fromMs: t(T('2024-03-06T10:00')), toMs: t(T('2024-03-07T10:00')), procedure: 'hearing' }]);
    expect(c.clock?.extensions).toHaveLength(1);
    expect([c.clock?.due.promisedDueMs, c.clock?.rebases]).toEqual([t(T('2024-03-11T17:30')), undefined]);
    expect(c.completedAt).toBe(t(T('2024-03-08T15:00')));
    expect(c.deliveredAt).toBe(t(T('2024-03-08T16:00')));
    expect(c.investment).toEqual({ amount: 100, currency: 'CNY' });
    expect(c.evaluations.map((e) => [e.evaluationId, e.level, e.excluded])).toEqual([['e1', 5, false]]);
    expect(state.context.halls.get('h1')?.name).toBe('某县政务服务中心');
  });

  it('given a correction before and one after acceptance, when folded, then only the later one suspends the clock', async () => {
    const hall = await createEngineHall();
    await hall.run('SubmitApplication', {
      caseId: 'c2', caseNo: 'NO-c2', hallId: 'h1', itemCode: 'SC-5', channel: 'window', applicant: { type: 'person', ref: 'p-c2' }, materials: ['申请书'],
    }, CLERK, T('2024-03-04T09:10'));
    await hall.run('RequestCorrection', { caseId: 'c2', missing: ['营业执照复印件'], legalBasis: '行政许可法 §32' }, CLERK, T('2024-03-04T09:20'));
    await hall.run('SupplyCorrection', { caseId: 'c2', materials: ['营业执照复印件'] }, CLERK, T('2024-03-05T09:20'));
    await hall.run('AcceptCase', { caseId: 'c2', windowId: 'w-m', staffId: CLERK.id }, CLERK, T('2024-03-05T10:00'));
    await hall.run('RequestCorrection', { caseId: 'c2', missing: ['场地证明'], legalBasis: '行政许可法 §32' }, CLERK, T('2024-03-06T10:00'));
    const c = (await fold(hall)).cases.get('c2')!;
    expect(c.correctionsBeforeAcceptance).toBe(1);
    expect(c.status).toBe('suspended');
    expect(c.clock?.suspensions).toEqual([{ fromMs: t(T('2024-03-06T10:00')), procedure: 'correctionAfterAcceptance' }]);
  });
});
