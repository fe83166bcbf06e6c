import { createInMemoryEventStore, type Actor, type EventToAppend } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION_POLICY, excludedByAppeal, satisfactionDetail, satisfactionProjection, type SatisfactionState } from './index';

const clerk: Actor = { kind: 'staff', id: 'S1', windowId: 'W1', departmentId: 'D1' };
const applicant: Actor = { kind: 'applicant', id: 'p-1' };

type Line = [streamId: string, type: string, data: Record<string, unknown>, occurredAt: string, actor?: Actor];

/** Appends the lines in time order (a stream's events never go back in time) and folds the log. */
const fold = async (lines: readonly Line[]): Promise<SatisfactionState> => {
  const store = createInMemoryEventStore();
  const inTimeOrder = [...lines].sort((a, b) => Date.parse(a[3]) - Date.parse(b[3]));
  for (const [streamId, type, data, occurredAt, actor = clerk] of inTimeOrder) {
    await store.appendToStream(streamId, [{ type, data, occurredAt, actor } as EventToAppend]);
  }
  const state = satisfactionProjection.init();
  for await (const event of store.readAll()) satisfactionProjection.apply(state, event);
  return state;
};

const c1 = (type: string, data: Record<string, unknown>, at: string, actor?: Actor): Line => ['case-C1', type, { caseId: 'C1', ...data }, at, actor];
const evaluation = (evaluationId: string, level: number, at: string, extra: Record<string, unknown> = {}): Line =>
  c1('EvaluationSubmitted', { evaluationId, level, channel: 'device', round: 'first', realName: true, ...extra }, at, applicant);

const caseLines: Line[] = [
  c1('ApplicationSubmitted', {
    caseNo: 'N1', hallId: 'H1', itemCode: 'I1', channel: 'window', applicant: { type: 'person', ref: 'p-1' }, materials: [],
  }, '2024-09-02T09:00:00+08:00'),
  c1('CaseAccepted', {
    hallId: 'H1', windowId: 'W1', departmentId: 'D1', staffId: 'S1', kind: 'immediate',
    limits: { statutory: { value: 1, unit: 'workingDays' }, promised: { value: 1, unit: 'workingDays' } },
    calendarVersion: 'cn', promisedDueAt: '2024-09-03T17:30:00+08:00', statutoryDueAt: '2024-09-03T17:30:00+08:00', provisional: false,
  }, '2024-09-02T09:10:00+08:00'),
  c1('CaseCompleted', { result: 'issued' }, '2024-09-02T10:00:00+08:00'),
];

/** Sep–Oct 2024 around National Day (Oct 1–7 off; Sun Sep 29 and Sat Oct 12 are working days). */
const history: Line[] = [
  ...caseLines,
  evaluation('E1', 5, '2024-09-10T10:00:00+08:00'),
  evaluation('E2', 1, '2024-09-30T09:30:00+08:00'),
  c1('EvaluationAppealed', { evaluationId: 'E2', reason: '评价人误操作' }, '2024-09-30T11:00:00+08:00'),
  c1('EvaluationAppealDecided', { evaluationId: 'E2', outcome: 'malicious' }, '2024-10-08T11:00:00+08:00'),
  evaluation('E3', 2, '2024-09-30T10:00:00+08:00', { windowId: 'W2', staffId: 'S2' }),
  // triage due 1 working day later: Tue Oct 8 17:30, National Day in between
  c1('BadReviewTriaged', { evaluationId: 'E3', valid: true, assignee: 'S2', dueAt: '2024-10-25T17:30:00+08:00' }, '2024-10-08T16:00:00+08:00'),
  // reply due 3 working days: Thu Oct 10 17:30; replied Fri Oct 11: late
  c1('BadReviewReplied', { evaluationId: 'E3' }, '2024-10-11T09:00:00+08:00'),
  // rectify due as triaged: Oct 25
  c1('BadReviewRectified', { evaluationId: 'E3', measures: '优化叫号流程' }, '2024-10-20T10:00:00+08:00'),
  evaluation('E4', 4, '2024-10-09T10:00:00+08:00', { round: 'followUp' }),
  evaluation('E5', 3, '2024-10-10T10:00:00+08:00', { channel: 'systemDefault', realName: false }),
  evaluation('E6', 2, '2024-10-10T11:00:00+08:00'),
  c1('BadReviewTriaged', { evaluationId: 'E6', valid: false }, '2024-10-10T15:00:00+08:00'),
  evaluation('E7', 1, '2024-10-14T11:00:00+08:00'),
  c1('EvaluationAppealed', { evaluationId: 'E7', reason: '非本人评价' }, '2024-10-14T12:00:00+08:00'),
  c1('EvaluationAppealDecided', { evaluationId: 'E7', outcome: 'upheld' }, '2024-10-15T12:00:00+08:00'),
  c1('FollowUpRecorded', { method: 'phone', satisfied: true }, '2024-10-16T10:00:00+08:00'),
  c1('FollowUpRecorded', { method: 'visit', satisfied: false, result: '仍有意见' }, '2024-10-17T10:00:00+08:00'),
  ['complaint-K1', 'ComplaintFiled', { complaintId: 'K1', hallId: 'H1', channel: 'phone', subject: { kind: 'staff', id: 'S1' }, answerDueAt: '2024-10-10T17:30:00+08:00' }, '2024-10-08T09:00:00+08:00'],
  ['complaint-K1', 'ComplaintAnswered', { complaintId: 'K1', resolution: '已致歉' }, '2024-10-09T09:00:00+08:00'],
  ['complaint-K2', 'ComplaintFiled', { complaintId: 'K2', hallId: 'H1', channel: 'hotline', subject: { kind: 'window', id: 'W2' }, answerDueAt: '2024-10-10T17:30:00+08:00' }, '2024-10-08T10:00:00+08:00'],
  ['complaint-K2', 'ComplaintAnswered', { complaintId: 'K2', resolution: '已整改' }, '2024-10-11T09:00:00+08:00'],
  ['complaint-K3', 'ComplaintFiled', { complaintId: 'K3', hallId: 'H1', channel: 'online', subject: { kind: 'department', id: 'D1' }, answerDueAt: '2024-11-01T17:30:00+08:00' }, '2024-10-29T10:00:00+08:00'],
];

const at = '2024-12-01T00:00:00+08:00';

describe('satisfaction detail', () => {
  it('excludes reviews found mistaken or malicious on appeal, and keeps upheld ones', async () => {
    const state = await fold(history);
    const detail = satisfactionDetail(state, { at });
    expect(detail.evaluations).toEqual({ submitted: 7, excluded: 1, valid: 6, followUpRound: 1, systemDefault: 1 });
    expect(detail.distribution).toEqual({ 1: 1, 2: 2, 3: 1, 4: 1, 5: 1 });
    expect(detail.satisfied).toBe(2);
    expect(detail.bad).toBe(3);
    expect(detail.appeals).toEqual({ filed: 2, pending: 0, upheld: 1, mistaken: 0, malicious: 1 });
    expect(excludedByAppeal('mistaken')).toBe(true);
    expect(excludedByAppeal('upheld')).toBe(false);
  });

  it('counts an appeal decided after the point of view as pending, the review still counted', async () => {
    const state = await fold(history);
    const detail = satisfactionDetail(state, { at: '2024-10-01T00:00:00+08:00' });
    expect(detail.appeals).toMatchObject({ filed: 1, pending: 1, malicious: 0 });
    expect(detail.evaluations).toMatchObject({ submitted: 7, excluded: 0 });
  });

  it('gives the trend by local month', async () => {
    const detail = satisfactionDetail(await fold(history), { at });
    expect(detail.byMonth.map((m) => [m.month, m.evaluations, m.satisfied, m.bad])).toEqual([
      ['2024-09', 2, 1, 1],
      ['2024-10', 4, 1, 2],
    ]);
  });

  it('judges bad-review handling against the policy due times in working days, holidays skipped', async () => {
    const detail = satisfactionDetail(await fold(history), { at });
    expect(detail.badReviews).toMatchObject({ total: 3, invalid: 1, valid: 2 });
    const { triage, reply, rectify, callback } = detail.badReviews.stages;
    // E3 triaged on Oct 8 (on time across National Day), E6 the same day, E7 never (due Oct 15)
    expect(triage).toEqual({ due: 3, doneOnTime: 2, doneLate: 0, open: 0, openOverdue: 1 });
    // E3 replied a day late; E7 never replied
    expect(reply).toEqual({ due: 2, doneOnTime: 0, doneLate: 1, open: 0, openOverdue: 1 });
    // E3 rectified before the triage's own due time
    expect(rectify).toEqual({ due: 2, doneOnTime: 1, doneLate: 0, open: 0, openOverdue: 1 });
    // 回访 is due 5 working days after the 差评 is closed: E3's is overdue, E7 (never rectified) is not due yet
    expect(callback).toEqual({ due: 2, doneOnTime: 0, doneLate: 0, open: 1, openOverdue: 1 });
  });

  it('keeps handling that is not yet due open, not overdue', async () => {
    const detail = satisfactionDetail(await fold(history), { at: '2024-10-14T12:30:00+08:00' });
    // E7 (Mon Oct 14 11:00) is within its triage day; E3's callback is due Oct 25
    expect(detail.badReviews.stages.triage).toMatchObject({ open: 1, openOverdue: 0 });
    expect(detail.badReviews.stages.callback).toMatchObject({ open: 2, openOverdue: 0 });
  });

  it('moves the default due times with the policy', async () => {
    const strict = { ...DEFAULT_EVALUATION_POLICY, due: { ...DEFAULT_EVALUATION_POLICY.due, reply: { value: 8, unit: 'workingDays' } } } as const;
    const detail = satisfactionDetail(await fold(history), { at, policy: strict });
    expect(detail.badReviews.stages.reply).toMatchObject({ doneOnTime: 1, doneLate: 0 });
  });

  it('counts satisfied by a configurable set of levels', async () => {
    const detail = satisfactionDetail(await fold(history), { at, policy: { ...DEFAULT_EVALUATION_POLICY, satisfiedLevels: [3, 4, 5] } });
    expect(detail.satisfied).toBe(3);
  });

  it('counts follow-ups and complaints answered on time', async () => {
    const detail = satisfactionDetail(await fold(history), { at });
    expect(detail.followUps).toEqual({ count: 2, satisfied: 1, notSatisfied: 1, byMethod: { phone: 1, visit: 1, sms: 0, online: 0 } });
    expect(detail.complaints).toEqual({ filed: 3, answered: 2, answeredOnTime: 1, open: 0, openOverdue: 1 });
  });

  it('limits everything to a period and halls', async () => {
    const state = await fold(history);
    const october = satisfactionDetail(state, { from: '2024-10-01T00:00:00+08:00', to: '2024-11-01T00:00:00+08:00' });
    expect(october.evaluations.submitted).toBe(4);
    expect(october.complaints).toEqual({ filed: 3, answered: 2, answeredOnTime: 1, open: 1, openOverdue: 0 });
    expect(satisfactionDetail(state, { hallIds: ['H2'] }).evaluations.submitted).toBe(0);
  });

  it('attributes a review to its own window and staff, else to the accepting ones', async () => {
    const state = await fold(history);
    expect(state.evaluations.get('E3')).toMatchObject({ hallId: 'H1', windowId: 'W2', staffId: 'S2', departmentId: 'D1' });
    expect(state.evaluations.get('E1')).toMatchObject({ windowId: 'W1', staffId: 'S1' });
  });
});
