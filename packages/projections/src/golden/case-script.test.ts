import { chinaCalendar, createWorkClock, parseInstant, type StoredEvent } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { rebuild } from '../runner/rebuild';
import { caseSummaryAt } from '../summary/summary';
import { caseScript, workingDayLimits } from './case-script';
import { APPLICANT, APPROVER, CLERK, createEngineHall } from './engine-hall.fixture';
import { createLogWriter } from './log-writer';

/**
 * The seed-scale golden logs (tens of thousands of cases) are written by `caseScript`, a faster
 * second path beside the engine. This proves it equal: one case down every clock path (with an
 * investment and a follow-up) and one rejected — every step the golden halls take — once through
 * the real deciders and engine and once by the script, give the same events, the same summary at
 * every instant asked and the same case facts.
 */
const clock = createWorkClock({ calendar: chinaCalendar() });
const T = (local: string) => `${local}:00+08:00`;
const ms = (local: string) => parseInstant(T(local));
const market = { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' };
const tax = { departmentId: 'tax', windowId: 'w-t', staffId: 'clerk-t' };
const INSTANTS = ['2024-09-23T12:00', '2024-09-25T10:00', '2024-10-08T12:00', '2024-10-09T12:00', '2024-10-11T12:00', '2024-10-14T10:00', '2024-10-16T10:30', '2024-11-01T10:00'];

const byEngine = async (policy: 'restart' | 'resume') => {
  const hall = await createEngineHall({ policy: { correctionAfterAcceptance: policy }, setupAt: T('2024-01-02T08:00') });
  await hall.accept('c1', T('2024-09-23T09:30'), 'SC-5', T('2024-09-23T10:00'), { investment: { amount: 1_500_000, currency: 'CNY' } });
  await hall.run('RequestCorrection', { caseId: 'c1', missing: ['营业执照复印件'], legalBasis: '行政许可法 §32' }, CLERK, T('2024-09-24T10:00'));
  await hall.run('SupplyCorrection', { caseId: 'c1', materials: ['营业执照复印件'] }, CLERK, T('2024-10-08T10:00'));
  await hall.run('SuspendClock', { caseId: 'c1', procedure: 'hearing', legalBasis: '行政许可法 §45' }, CLERK, T('2024-10-09T10:00'));
  await hall.run('ResumeClock', { caseId: 'c1' }, CLERK, T('2024-10-10T10:00'));
  await hall.run('ExtendTimeLimit', { caseId: 'c1', by: { value: 2, unit: 'workingDays' }, approvedBy: APPROVER.id, reason: '情况复杂', requestedAt: T('2024-10-11T10:00') }, APPROVER, T('2024-10-11T10:00'));
  await hall.run('TransferCase', { caseId: 'c1', to: tax, reason: '职责调整', handoverAt: T('2024-10-12T11:00') }, CLERK, T('2024-10-12T11:00'));
  const taxClerk = { kind: 'staff', id: 'clerk-t' } as const;
  await hall.run('MakeDecision', { caseId: 'c1', outcome: 'approved' }, taxClerk, T('2024-10-15T10:00'));
  await hall.run('CompleteCase', { caseId: 'c1', result: 'issued' }, taxClerk, T('2024-10-16T10:00'));
  await hall.run('DeliverResult', { caseId: 'c1', method: 'window' }, taxClerk, T('2024-10-16T11:00'));
  await hall.run('SubmitEvaluation', { caseId: 'c1', evaluationId: 'e1', level: 5, channel: 'mobile', round: 'first', realName: false }, APPLICANT('p-c1'), T('2024-10-16T12:00'));
  await hall.run('RecordFollowUp', { caseId: 'c1', method: 'phone', satisfied: true }, taxClerk, T('2024-10-17T10:00'));
  await hall.run('SubmitApplication', {
    caseId: 'c2', caseNo: 'NO-c2', hallId: 'h1', itemCode: 'SC-5', channel: 'window', applicant: { type: 'person', ref: 'p-c2' }, materials: ['申请表'],
  }, CLERK, T('2024-09-23T10:00'));
  await hall.run('RejectCase', { caseId: 'c2', reason: '不属于本机关职权范围', legalBasis: '行政许可法 §32' }, CLERK, T('2024-09-23T10:40'));
  return hall.store;
};

const byScript = async (policy: 'restart' | 'resume') => {
  const w = createLogWriter();
  caseScript(w, clock, { caseId: 'c1', hallId: 'h1', itemCode: 'SC-5', correction: policy })
    .submit(ms('2024-09-23T09:30'), { investment: { amount: 1_500_000, currency: 'CNY' } })
    .accept(ms('2024-09-23T10:00'), market, 'promised', workingDayLimits(20, 5))
    .requestCorrection(ms('2024-09-24T10:00'))
    .supplyCorrection(ms('2024-10-08T10:00'))
    .suspend(ms('2024-10-09T10:00'))
    .resume(ms('2024-10-10T10:00'))
    .extend(ms('2024-10-11T10:00'), { value: 2, unit: 'workingDays' })
    .transfer(ms('2024-10-12T11:00'), market, tax)
    .decide(ms('2024-10-15T10:00'), 'approved')
    .complete(ms('2024-10-16T10:00'))
    .deliver(ms('2024-10-16T11:00'))
    .evaluate(ms('2024-10-16T12:00'), 'e1', 5, 'mobile')
    .followUp(ms('2024-10-17T10:00'));
  caseScript(w, clock, { caseId: 'c2', hallId: 'h1', itemCode: 'SC-5' }).submit(ms('2024-09-23T10:00')).reject(ms('2024-09-23T10:40'));
  return w.flush();
};

const caseEvents = async (store: { readStream(id: string): Promise<StoredEvent[]> }) =>
  [...(await store.readStream('case-c1')), ...(await store.readStream('case-c2'))].map((e) => ({ type: e.type, occurredAt: e.occurredAt }));

/**
 * Both cases' facts as the projection folds them (what the golden figures count), but for the log
 * position and the item version, which the script leaves out (no figure reads a case's itemVersion).
 */
const caseFacts = async (store: Parameters<typeof rebuild>[0]) => {
  const facts = (await rebuild(store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;
  return ['c1', 'c2'].map((id) => {
    const { position: _p, itemVersion: _v, ...rest } = facts.cases.get(id)!;
    return rest;
  });
};

const summaries = async (store: Parameters<typeof rebuild>[0]) => {
  const facts = (await rebuild(store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;
  return INSTANTS.map((at) => {
    const s = caseSummaryAt(facts, 'c1', ms(at))!;
    return { at, state: s.state, holder: s.holder?.departmentId, clock: s.clock && { ...s.clock } };
  });
};

describe('caseScript, the golden logs\' faster path, writes what the deciders write', () => {
  for (const policy of ['restart', 'resume'] as const) {
    it(`given one case down every clock path under ${policy} (an investment, a follow-up) and one rejected, when written by the engine and by the script, then the events, the summary at every instant and the case facts are equal`, async () => {
      const [engine, script] = await Promise.all([byEngine(policy), byScript(policy)]);
      expect(await caseEvents(script)).toEqual(await caseEvents(engine));
      expect(await summaries(script)).toEqual(await summaries(engine));
      expect(await caseFacts(script)).toEqual(await caseFacts(engine));
    });
  }
});
