import { describe, expect, it } from 'vitest';
import { buildReport } from '../report/build-report';
import type { FigureOptionsInput } from '../figures/options';
import { ADMIN, APPROVER, CLERK, CLERK_TAX, createEngineHall, type EngineHall } from './engine-hall.fixture';

/**
 * Spec §4 clock rules with the 2024 National Day holiday in the way: 1–7 Oct off, Sunday 29 Sep
 * a make-up working day. Every case runs through the real deciders and the command engine:
 * submitted Monday 23 Sep 09:30 and accepted 10:00 at the market desk for item SC-3, promised
 * 3 working days (due Thursday 26 Sep 17:30).
 */
const T = (local: string) => `${local}:00+08:00`;
const marketDesk = { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' };
const taxDesk = { departmentId: 'tax', windowId: 'w-t', staffId: 'clerk-t' };
type Build = (hall: EngineHall) => Promise<void>;

const accepted = (hall: EngineHall, caseId: string) => hall.accept(caseId, T('2024-09-23T09:30'), 'SC-3', T('2024-09-23T10:00'));
const complete = async (hall: EngineHall, caseId: string, at: string, clerk = CLERK) => {
  await hall.run('MakeDecision', { caseId, outcome: 'approved' }, clerk, at);
  await hall.run('CompleteCase', { caseId, result: 'issued' }, clerk, at);
};
const suspend = (hall: EngineHall, caseId: string, at: string, procedure = 'expertReview') =>
  hall.run('SuspendClock', { caseId, procedure, legalBasis: '行政许可法 §45' }, CLERK, at);

const report = async (build: Build, definitions?: FigureOptionsInput, by?: 'department', policy?: 'restart' | 'resume') => {
  const hall = await createEngineHall({ setupAt: T('2024-01-02T08:00'), ...(policy ? { policy: { correctionAfterAcceptance: policy } } : {}) });
  await build(hall);
  return buildReport(hall.store, { from: '2024-09-01', to: '2024-11-01', hall: 'h1', ...(definitions ? { definitions } : {}), ...(by ? { by } : {}) });
};

const onTime = async (build: Build, definitions?: FigureOptionsInput, policy?: 'restart' | 'resume') => {
  const r = await report(build, definitions, undefined, policy);
  return [r.figures.onTimeRate!.numerator, r.figures.onTimeRate!.denominator];
};

describe('clock rules of spec §4 in on-time figures', () => {
  it('given the due date itself, when completed before or after its close, then on time or late', async () => {
    expect(await onTime(async (h) => { await accepted(h, 'a'); await complete(h, 'a', T('2024-09-26T17:30')); })).toEqual([1, 1]);
    expect(await onTime(async (h) => { await accepted(h, 'a'); await complete(h, 'a', T('2024-09-27T09:01')); })).toEqual([0, 1]);
  });

  it('given a suspension over the holiday, when completed, then the suspended office time (35 h = 5 wd) pushes the due time to 9 Oct', async () => {
    const suspended = (completeAt: string): Build => async (h) => {
      await accepted(h, 'a');
      await suspend(h, 'a', T('2024-09-25T10:00'));
      await h.run('ResumeClock', { caseId: 'a' }, CLERK, T('2024-10-08T10:00'));
      await complete(h, 'a', completeAt);
    };
    expect(await onTime(suspended(T('2024-10-09T17:00')))).toEqual([1, 1]);
    expect(await onTime(suspended(T('2024-10-10T09:30')))).toEqual([0, 1]);
  });

  it('given an extension requested in time, when completed on the make-up Sunday, then on time; requested after the due time, then still overdue', async () => {
    const extended = (requested: string): Build => async (h) => {
      await accepted(h, 'a');
      await h.run('ExtendTimeLimit', {
        caseId: 'a', by: { value: 2, unit: 'workingDays' }, approvedBy: APPROVER.id, reason: '需专家论证', requestedAt: requested,
      }, APPROVER, requested);
      await complete(h, 'a', T('2024-09-29T15:00'));
    };
    expect(await onTime(extended(T('2024-09-26T10:00')))).toEqual([1, 1]);
    const late = await report(extended(T('2024-09-27T10:00')));
    expect([late.figures.onTimeRate!.numerator, late.figures.overdue!.parts]).toEqual([0, { completedLate: 1, openOverdue: 0 }]);
  });

  it('given a transfer handed over on the due day, when completed three working days later, then late by the case clock (default) and on time by the segment variant', async () => {
    const transferred: Build = async (h) => {
      await accepted(h, 'a');
      await h.run('TransferCase', { caseId: 'a', to: taxDesk, reason: '涉税事项' }, CLERK, T('2024-09-26T11:00'));
      await complete(h, 'a', T('2024-09-30T16:00'), CLERK_TAX);
    };
    expect(await onTime(transferred)).toEqual([0, 1]);
    expect(await onTime(transferred, { clock: { transfers: 'segment' } })).toEqual([1, 1]);
  });

  it('given a correction after acceptance supplied after the holiday, when completed 11 Oct, then on time where the hall restarts and late where it resumes (the policy the log recorded)', async () => {
    const corrected: Build = async (h) => {
      await accepted(h, 'a');
      await h.run('RequestCorrection', { caseId: 'a', missing: ['营业执照复印件'], legalBasis: '行政许可法 §32' }, CLERK, T('2024-09-24T10:00'));
      await h.run('SupplyCorrection', { caseId: 'a', materials: ['营业执照复印件'] }, CLERK, T('2024-10-08T10:00'));
      await complete(h, 'a', T('2024-10-11T16:00'));
    };
    expect(await onTime(corrected, undefined, 'restart')).toEqual([1, 1]);
    expect(await onTime(corrected, undefined, 'resume')).toEqual([0, 1]);
  });

  it('given delivery judging, when the applicant never collects, then the no-show counts as on time and a late collection as late', async () => {
    const delivery = { clock: { judgeAt: 'delivery' as const } };
    const completedEarly = async (h: EngineHall, caseId: string) => { await accepted(h, caseId); await complete(h, caseId, T('2024-09-25T15:00')); };
    const noShow: Build = async (h) => {
      await completedEarly(h, 'a');
      await h.run('RecordNoShow', { caseId: 'a', notifiedDate: '2024-09-25' }, CLERK, T('2024-10-08T09:00'));
    };
    const collectedLate: Build = async (h) => {
      await completedEarly(h, 'b');
      await h.run('DeliverResult', { caseId: 'b', method: 'window' }, CLERK, T('2024-10-08T09:00'));
    };
    expect(await onTime(noShow, delivery)).toEqual([1, 1]);
    expect(await onTime(collectedLate, delivery)).toEqual([0, 1]);
    expect(await onTime(collectedLate)).toEqual([1, 1]);
    expect(await onTime((h) => completedEarly(h, 'c'), delivery)).toEqual([0, 1]);
  });

  it('given a silent department in a joint review, when deemed to consent, then it is counted apart and never on time for that department', async () => {
    const r = await report(async (h) => {
      await h.run('RegisterDepartment', { hallId: 'h1', departmentId: 'health', name: '卫生健康委' }, ADMIN, T('2024-09-23T09:00'));
      await accepted(h, 'a');
      await h.run('RequestJointReview', { caseId: 'a', departmentIds: ['tax', 'health'], replyDueAt: T('2024-09-25T17:30') }, CLERK, T('2024-09-23T11:00'));
      await h.run('ReturnJointOpinion', { caseId: 'a', departmentId: 'tax', opinion: 'consent' }, CLERK_TAX, T('2024-09-24T10:00'));
      await h.run('ApplyDeemedConsent', { caseId: 'a', departmentId: 'health', policy: '逾期未回复视为同意' }, CLERK, T('2024-09-26T09:00'));
      await complete(h, 'a', T('2024-09-26T15:00'));
    }, undefined, 'department');
    expect(r.figures.deemedConsents!.value).toBe(1);
    expect(r.figures.jointReplyOnTimeRate).toMatchObject({ numerator: 1, denominator: 2, display: '50.00%' });
    const health = r.groups!.find((g) => g.key === 'health')!;
    expect(health.figures.jointReplyOnTimeRate).toMatchObject({ numerator: 0, denominator: 1 });
    expect(health.figures.deemedConsents!.value).toBe(1);
    expect(r.figures.onTimeRate).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('given a case open and overdue at the end of the period, when reported, then overdue shows both parts and later events do not count', async () => {
    const r = await report(async (h) => {
      for (const id of ['a', 'b', 'c']) await accepted(h, id);
      await suspend(h, 'c', T('2024-09-24T10:00'), 'inspection');
      await complete(h, 'a', T('2024-09-27T10:00'));
      await complete(h, 'b', T('2024-11-04T10:00'));
    });
    expect(r.figures.overdue).toMatchObject({ value: 2, parts: { completedLate: 1, openOverdue: 1 } });
    expect(r.figures.open).toMatchObject({ value: 2, parts: { withinLimit: 0, suspended: 1, overdue: 1 } });
  });
});
