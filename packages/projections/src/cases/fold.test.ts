import { chinaCalendar, createWorkClock, parseInstant } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseScript, registerHall, workingDayLimits } from '../golden/case-script';
import { createLogWriter } from '../golden/log-writer';
import { caseFactsProjection } from './projection';
import type { CaseFactsState } from './facts';

const clock = createWorkClock({ calendar: chinaCalendar() });
const t = (iso: string) => parseInstant(iso);
const deskA = { departmentId: 'dept-a', windowId: 'win-a', staffId: 'staff-a' };
const deskB = { departmentId: 'dept-b', windowId: 'win-b', staffId: 'staff-b' };

const fold = async (build: (w: ReturnType<typeof createLogWriter>) => void): Promise<CaseFactsState> => {
  const writer = createLogWriter();
  build(writer);
  const store = await writer.flush();
  let state = caseFactsProjection.init();
  for await (const e of store.readAll()) state = caseFactsProjection.apply(state, e);
  return state;
};

describe('per-case facts', () => {
  it('given a case through transfer, suspension and completion, when folded, then its record holds every clock input', async () => {
    const state = await fold((w) => {
      registerHall(w, clock, { hallId: 'h1', name: '县政务服务中心', level: 'county', desks: [deskA, deskB], at: t('2024-01-02T08:00:00+08:00') });
      caseScript(w, clock, { caseId: 'c1', hallId: 'h1', itemCode: 'I1' })
        .submit(t('2024-03-04T09:10:00+08:00'), { investment: { amount: 100, currency: 'CNY' } })
        .accept(t('2024-03-04T10:00:00+08:00'), deskA, 'promised', workingDayLimits(20, 5))
        .transfer(t('2024-03-05T10:00:00+08:00'), deskA, deskB)
        .suspend(t('2024-03-06T10:00:00+08:00'))
        .resume(t('2024-03-07T10:00:00+08:00'))
        .extend(t('2024-03-07T11:00:00+08:00'), { value: 2, unit: 'workingDays' })
        .complete(t('2024-03-08T15:00:00+08:00'))
        .deliver(t('2024-03-08T16:00:00+08:00'))
        .evaluate(t('2024-03-08T16:05:00+08:00'), 'e1', 5);
    });
    const c = state.cases.get('c1')!;
    expect(c.status).toBe('completed');
    expect(c.hallId).toBe('h1');
    expect(c.acceptedBy).toEqual(deskA);
    expect(c.holder).toEqual(deskB);
    expect(c.transfers).toBe(1);
    expect(c.clock?.segments.map((s) => [s.departmentId, s.fromMs])).toEqual([['dept-a', t('2024-03-04T10:00:00+08:00')], ['dept-b', t('2024-03-05T10:00:00+08:00')]]);
    expect(c.clock?.suspensions).toEqual([{ fromMs: t('2024-03-06T10:00:00+08:00'), toMs: t('2024-03-07T10:00:00+08:00'), procedure: 'hearing' }]);
    expect(c.clock?.extensions).toHaveLength(1);
    expect(c.clock?.bases.map((b) => b.promisedDueMs)).toEqual([t('2024-03-11T17:30:00+08:00')]);
    expect(c.completedAt).toBe(t('2024-03-08T15:00:00+08:00'));
    expect(c.deliveredAt).toBe(t('2024-03-08T16:00:00+08:00'));
    expect(c.investment).toEqual({ amount: 100, currency: 'CNY' });
    expect(c.evaluations.map((e) => [e.evaluationId, e.level, e.excluded])).toEqual([['e1', 5, false]]);
    expect(state.context.halls.get('h1')?.name).toBe('县政务服务中心');
  });

  it('given a correction before and one after acceptance, when folded, then only the later one suspends the clock', async () => {
    const state = await fold((w) => {
      caseScript(w, clock, { caseId: 'c2', hallId: 'h1', itemCode: 'I1' })
        .submit(t('2024-03-04T09:10:00+08:00'))
        .requestCorrection(t('2024-03-04T09:20:00+08:00'))
        .supplyCorrection(t('2024-03-05T09:20:00+08:00'))
        .accept(t('2024-03-05T10:00:00+08:00'), deskA, 'promised', workingDayLimits(20, 5))
        .requestCorrection(t('2024-03-06T10:00:00+08:00'));
    });
    const c = state.cases.get('c2')!;
    expect(c.correctionsBeforeAcceptance).toBe(1);
    expect(c.status).toBe('suspended');
    expect(c.clock?.suspensions).toEqual([{ fromMs: t('2024-03-06T10:00:00+08:00'), procedure: 'correctionAfterAcceptance' }]);
  });
});
