import { chinaCalendar, createWorkClock, parseInstant } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../report/build-report';
import type { FigureOptionsInput } from '../figures/options';
import { caseScript, registerHall, workingDayLimits, type CaseScript } from './case-script';
import { createLogWriter } from './log-writer';

/**
 * Spec §4 clock rules with the 2024 National Day holiday in the way: 1–7 Oct off, Sunday 29 Sep
 * a make-up working day. Every case: accepted Monday 23 Sep 10:00, promised 3 working days
 * (due Thursday 26 Sep 17:30).
 */
const clock = createWorkClock({ calendar: chinaCalendar() });
const t = (local: string) => parseInstant(`${local}:00+08:00`);
const d1 = { departmentId: 'dept-1', windowId: 'win-1', staffId: 'staff-1' };
const d2 = { departmentId: 'dept-2', windowId: 'win-2', staffId: 'staff-2' };

const accepted = (w: ReturnType<typeof createLogWriter>, caseId: string, correction?: 'restart' | 'resume'): CaseScript =>
  caseScript(w, clock, { caseId, hallId: 'h', itemCode: 'I', ...(correction ? { correction } : {}) })
    .submit(t('2024-09-23T09:30'))
    .accept(t('2024-09-23T10:00'), d1, 'promised', workingDayLimits(20, 3));

const report = async (build: (w: ReturnType<typeof createLogWriter>) => void, definitions?: FigureOptionsInput, by?: 'department') => {
  const w = createLogWriter();
  registerHall(w, clock, { hallId: 'h', name: '中心', level: 'county', desks: [d1, d2], at: t('2024-01-02T08:00') });
  build(w);
  return buildReport(await w.flush(), { from: '2024-09-01', to: '2024-11-01', hall: 'h', ...(definitions ? { definitions } : {}), ...(by ? { by } : {}) });
};

const onTime = async (build: (w: ReturnType<typeof createLogWriter>) => void, definitions?: FigureOptionsInput) => {
  const r = await report(build, definitions);
  return [r.figures.onTimeRate!.numerator, r.figures.onTimeRate!.denominator];
};

describe('clock rules of spec §4 in on-time figures', () => {
  it('given the due date itself, when completed before or after its close, then on time or late', async () => {
    expect(await onTime((w) => void accepted(w, 'a').complete(t('2024-09-26T17:30')))).toEqual([1, 1]);
    expect(await onTime((w) => void accepted(w, 'a').complete(t('2024-09-27T09:01')))).toEqual([0, 1]);
  });

  it('given a suspension over the holiday, when completed, then the suspended office time (35 h = 5 wd) pushes the due time to 9 Oct', async () => {
    const suspended = (w: ReturnType<typeof createLogWriter>, id: string) =>
      accepted(w, id).suspend(t('2024-09-25T10:00'), 'expertReview').resume(t('2024-10-08T10:00'));
    expect(await onTime((w) => void suspended(w, 'a').complete(t('2024-10-09T17:00')))).toEqual([1, 1]);
    expect(await onTime((w) => void suspended(w, 'a').complete(t('2024-10-10T09:30')))).toEqual([0, 1]);
  });

  it('given an extension requested in time, when completed on the make-up Sunday, then on time; requested after the due time, then still overdue', async () => {
    const extended = (w: ReturnType<typeof createLogWriter>, requested: string) =>
      accepted(w, 'a').extend(t(requested), { value: 2, unit: 'workingDays' }).complete(t('2024-09-29T15:00'));
    expect(await onTime((w) => void extended(w, '2024-09-26T10:00'))).toEqual([1, 1]);
    const late = await report((w) => void extended(w, '2024-09-27T10:00'));
    expect([late.figures.onTimeRate!.numerator, late.figures.overdue!.parts]).toEqual([0, { completedLate: 1, openOverdue: 0 }]);
  });

  it('given a transfer handed over on the due day, when completed three working days later, then late by the case clock (default) and on time by the segment variant', async () => {
    const transferred = (w: ReturnType<typeof createLogWriter>) =>
      void accepted(w, 'a').transfer(t('2024-09-26T11:00'), d1, d2).complete(t('2024-09-30T16:00'));
    expect(await onTime(transferred)).toEqual([0, 1]);
    expect(await onTime(transferred, { clock: { transfers: 'segment' } })).toEqual([1, 1]);
  });

  it('given a correction after acceptance supplied after the holiday, when completed 11 Oct, then on time where the hall restarts and late where it resumes (the policy the log recorded)', async () => {
    const corrected = (policy: 'restart' | 'resume') => (w: ReturnType<typeof createLogWriter>) =>
      void accepted(w, 'a', policy).requestCorrection(t('2024-09-24T10:00')).supplyCorrection(t('2024-10-08T10:00')).complete(t('2024-10-11T16:00'));
    expect(await onTime(corrected('restart'))).toEqual([1, 1]);
    expect(await onTime(corrected('resume'))).toEqual([0, 1]);
  });

  it('given delivery judging, when the applicant never collects, then the no-show counts as on time and a late collection as late', async () => {
    const delivery = { clock: { judgeAt: 'delivery' as const } };
    const noShow = (w: ReturnType<typeof createLogWriter>) =>
      void accepted(w, 'a').complete(t('2024-09-25T15:00')).noShow(t('2024-10-08T09:00'));
    const collectedLate = (w: ReturnType<typeof createLogWriter>) =>
      void accepted(w, 'b').complete(t('2024-09-25T15:00')).deliver(t('2024-10-08T09:00'));
    expect(await onTime(noShow, delivery)).toEqual([1, 1]);
    expect(await onTime(collectedLate, delivery)).toEqual([0, 1]);
    expect(await onTime(collectedLate)).toEqual([1, 1]);
    expect(await onTime((w) => void accepted(w, 'c').complete(t('2024-09-25T15:00')), delivery)).toEqual([0, 1]);
  });

  it('given a silent department in a joint review, when deemed to consent, then it is counted apart and never on time for that department', async () => {
    const r = await report((w) => {
      accepted(w, 'a')
        .jointReview(t('2024-09-23T11:00'), ['dept-2', 'dept-3'], t('2024-09-25T17:30'))
        .jointOpinion(t('2024-09-24T10:00'), 'dept-2')
        .deemedConsent(t('2024-09-26T09:00'), 'dept-3', t('2024-09-25T17:30'))
        .complete(t('2024-09-26T15:00'));
    }, undefined, 'department');
    expect(r.figures.deemedConsents!.value).toBe(1);
    expect(r.figures.jointReplyOnTimeRate).toMatchObject({ numerator: 1, denominator: 2, display: '50.00%' });
    const dept3 = r.groups!.find((g) => g.key === 'dept-3')!;
    expect(dept3.figures.jointReplyOnTimeRate).toMatchObject({ numerator: 0, denominator: 1 });
    expect(dept3.figures.deemedConsents!.value).toBe(1);
    expect(r.figures.onTimeRate).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('given a case open and overdue at the end of the period, when reported, then overdue shows both parts and later events do not count', async () => {
    const r = await report((w) => {
      accepted(w, 'a').complete(t('2024-09-27T10:00'));
      accepted(w, 'b').complete(t('2024-11-04T10:00'));
      accepted(w, 'c').suspend(t('2024-09-24T10:00'));
    });
    expect(r.figures.overdue).toMatchObject({ value: 2, parts: { completedLate: 1, openOverdue: 1 } });
    expect(r.figures.open).toMatchObject({ value: 2, parts: { withinLimit: 0, suspended: 1, overdue: 1 } });
  });
});
