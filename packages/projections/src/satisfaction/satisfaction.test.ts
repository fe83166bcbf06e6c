import { parseInstant, type Actor } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { ADMIN, APPLICANT, APPROVER, CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { rebuild } from '../runner/rebuild';
import { DEFAULT_EVALUATION_POLICY, excludedByAppeal, satisfactionDetail, satisfactionProjection, type SatisfactionState } from './index';

const T = (local: string) => `${local}:00+08:00`;
const SYSTEM: Actor = { kind: 'system', id: 'evaluation-system' };
/** The evaluation pad 评价器 at the general window w-g. */
const PAD: Actor = { kind: 'device', id: 'pad-g' };

/** A market case accepted at w-m by clerk-m on Mon 2024-09-02 and completed the same morning. */
const completed = async (hall: EngineHall, caseId: string, minute: number): Promise<void> => {
  const at = (hour: string) => T(`2024-09-02T${hour}:${String(minute).padStart(2, '0')}`);
  await hall.accept(caseId, at('09'), 'SC-5', at('10'));
  await hall.run('MakeDecision', { caseId, outcome: 'approved' }, CLERK, at('11'));
  await hall.run('CompleteCase', { caseId, result: 'issued' }, CLERK, at('14'));
};

const evaluate = (hall: EngineHall, caseId: string, evaluationId: string, level: number, at: string, extra: Record<string, unknown> = {}, actor: Actor = APPLICANT(`p-${caseId}`)) =>
  hall.run('SubmitEvaluation', { caseId, evaluationId, level, channel: 'mobile', round: 'first', realName: true, ...extra }, actor, at);

const handle = (hall: EngineHall, type: string, caseId: string, evaluationId: string, at: string, extra: Record<string, unknown> = {}, actor: Actor = CLERK) =>
  hall.run(type, { caseId, evaluationId, ...extra }, actor, at);

const stateOf = async (hall: EngineHall): Promise<SatisfactionState> =>
  (await rebuild(hall.store, [satisfactionProjection])).states[satisfactionProjection.name] as SatisfactionState;

/**
 * Sep–Oct 2024 around National Day (Oct 1–7 off; Sun Sep 29 and Sat Oct 12 are working days), run
 * as commands: one first evaluation per case (C1 also has a follow-up round 追评), appeals decided
 * by the market approver, 差评 handling by the market clerk, follow-ups 回访 and complaints 投诉
 * whose answer due times the complaint decider sets (3 working days).
 */
const givenHistory = async (): Promise<{ hall: EngineHall; state: SatisfactionState }> => {
  const hall = await createEngineHall();
  await hall.run('InstallDevice', { hallId: 'h1', deviceId: 'pad-g', windowId: 'w-g' }, ADMIN, T('2024-09-02T08:00'));
  for (const [minute, caseId] of ['C1', 'C2', 'C3', 'C5', 'C6', 'C7'].entries()) await completed(hall, caseId, minute);

  await evaluate(hall, 'C1', 'E1', 5, T('2024-09-10T10:00'));
  await evaluate(hall, 'C2', 'E2', 1, T('2024-09-30T09:30'));
  // the pad at the general window names its own window and clerk
  await evaluate(hall, 'C3', 'E3', 2, T('2024-09-30T10:00'), { channel: 'device', windowId: 'w-g', staffId: 'clerk-g' }, PAD);
  await handle(hall, 'AppealEvaluation', 'C2', 'E2', T('2024-09-30T11:00'), { reason: '评价人误操作' });
  await hall.run('FileComplaint', { complaintId: 'K1', hallId: 'h1', channel: 'phone', subject: { kind: 'staff', id: 'clerk-m' } }, CLERK, T('2024-10-08T09:00'));
  await hall.run('FileComplaint', { complaintId: 'K2', hallId: 'h1', channel: 'hotline', subject: { kind: 'window', id: 'w-g' } }, CLERK, T('2024-10-08T10:00'));
  await handle(hall, 'DecideAppeal', 'C2', 'E2', T('2024-10-08T11:00'), { outcome: 'malicious' }, APPROVER);
  // triage due 1 working day after the review: Tue Oct 8 17:30, National Day in between
  await handle(hall, 'TriageBadReview', 'C3', 'E3', T('2024-10-08T16:00'), { valid: true, assignee: 'clerk-g' });
  await hall.run('AnswerComplaint', { complaintId: 'K1', resolution: '已致歉' }, CLERK, T('2024-10-09T09:00'));
  await evaluate(hall, 'C1', 'E4', 4, T('2024-10-09T10:00'), { round: 'followUp' });
  await evaluate(hall, 'C5', 'E5', 3, T('2024-10-10T10:00'), { channel: 'systemDefault', realName: false }, SYSTEM);
  await evaluate(hall, 'C6', 'E6', 2, T('2024-10-10T11:00'));
  await handle(hall, 'TriageBadReview', 'C6', 'E6', T('2024-10-10T15:00'), { valid: false });
  // contact due 2 working days after the review: Wed Oct 9 17:30; replied Fri Oct 11: late
  await handle(hall, 'ReplyBadReview', 'C3', 'E3', T('2024-10-11T09:00'));
  // K2's answer was due Fri Oct 11 17:30: answered on the make-up Saturday, late
  await hall.run('AnswerComplaint', { complaintId: 'K2', resolution: '已整改' }, CLERK, T('2024-10-12T09:00'));
  await evaluate(hall, 'C7', 'E7', 1, T('2024-10-14T11:00'));
  await handle(hall, 'AppealEvaluation', 'C7', 'E7', T('2024-10-14T12:00'), { reason: '非本人评价' });
  await handle(hall, 'DecideAppeal', 'C7', 'E7', T('2024-10-15T12:00'), { outcome: 'upheld' }, APPROVER);
  await hall.run('RecordFollowUp', { caseId: 'C1', method: 'phone', satisfied: true }, CLERK, T('2024-10-16T10:00'));
  await hall.run('RecordFollowUp', { caseId: 'C1', method: 'visit', satisfied: false, result: '仍有意见' }, CLERK, T('2024-10-17T10:00'));
  // rectification due as the triage recorded it (15 working days, Fri Oct 25)
  await handle(hall, 'RectifyBadReview', 'C3', 'E3', T('2024-10-18T10:00'), { measures: '优化叫号流程' });
  await hall.run('FileComplaint', { complaintId: 'K3', hallId: 'h1', channel: 'online', subject: { kind: 'department', id: 'market' } }, CLERK, T('2024-10-29T10:00'));
  return { hall, state: await stateOf(hall) };
};

let history: Promise<{ hall: EngineHall; state: SatisfactionState }> | undefined;
/** The history is only read by the tests below: built once. */
const given = async (): Promise<SatisfactionState> => (await (history ??= givenHistory())).state;

const at = '2024-12-01T00:00:00+08:00';

describe('satisfaction detail', () => {
  it('given reviews appealed as malicious and upheld, when detailed, then the malicious one is excluded and the upheld one kept', async () => {
    const detail = satisfactionDetail(await given(), { at });
    expect(detail.evaluations).toEqual({ submitted: 7, excluded: 1, valid: 6, followUpRound: 1, systemDefault: 1 });
    expect(detail.distribution).toEqual({ 1: 1, 2: 2, 3: 1, 4: 1, 5: 1 });
    expect(detail.satisfied).toBe(2);
    expect(detail.bad).toBe(3);
    expect(detail.appeals).toEqual({ filed: 2, pending: 0, upheld: 1, mistaken: 0, malicious: 1 });
    expect(excludedByAppeal('mistaken')).toBe(true);
    expect(excludedByAppeal('upheld')).toBe(false);
  });

  it('given an appeal decided after the point of view, when detailed then, then it is pending and the review still counted', async () => {
    const detail = satisfactionDetail(await given(), { at: '2024-10-01T00:00:00+08:00' });
    expect(detail.appeals).toMatchObject({ filed: 1, pending: 1, malicious: 0 });
    expect(detail.evaluations).toMatchObject({ submitted: 7, excluded: 0 });
  });

  it('given reviews in September and October, when detailed, then the trend is by local month', async () => {
    const detail = satisfactionDetail(await given(), { at });
    expect(detail.byMonth.map((m) => [m.month, m.evaluations, m.satisfied, m.bad])).toEqual([
      ['2024-09', 2, 1, 1],
      ['2024-10', 4, 1, 2],
    ]);
  });

  it('given 差评 handled across National Day, when judged against "2、5、15" in working days, then holidays are skipped', async () => {
    const detail = satisfactionDetail(await given(), { at });
    expect(detail.badReviews).toMatchObject({ total: 3, invalid: 1, valid: 2 });
    const { triage, reply, rectify, callback } = detail.badReviews.stages;
    // E3 triaged on Oct 8 (on time across National Day), E6 the same day, E7 never (due Oct 15)
    expect(triage).toEqual({ due: 3, doneOnTime: 2, doneLate: 0, open: 0, openOverdue: 1 });
    // E3 contacted two days late; E7 never contacted
    expect(reply).toEqual({ due: 2, doneOnTime: 0, doneLate: 1, open: 0, openOverdue: 1 });
    // E3 rectified before the due time its triage recorded; E7 (due Mon Nov 4) never
    expect(rectify).toEqual({ due: 2, doneOnTime: 1, doneLate: 0, open: 0, openOverdue: 1 });
    // 回访 is due 5 working days after the 差评 is closed: E3's (Oct 25) is overdue, E7 (never rectified) is not due yet
    expect(callback).toEqual({ due: 2, doneOnTime: 0, doneLate: 0, open: 1, openOverdue: 1 });
  });

  it('given handling not yet due at the point of view, when detailed then, then it is open, not overdue', async () => {
    const detail = satisfactionDetail(await given(), { at: '2024-10-14T12:30:00+08:00' });
    // E7 (Mon Oct 14 11:00) is within its triage day; E3's callback is due Oct 25
    expect(detail.badReviews.stages.triage).toMatchObject({ open: 1, openOverdue: 0 });
    expect(detail.badReviews.stages.callback).toMatchObject({ open: 2, openOverdue: 0 });
  });

  it('given a policy allowing 8 working days to contact, when detailed, then E3 contacted on Oct 11 is on time', async () => {
    const strict = { ...DEFAULT_EVALUATION_POLICY, due: { ...DEFAULT_EVALUATION_POLICY.due, reply: { value: 8, unit: 'workingDays' } } } as const;
    const detail = satisfactionDetail(await given(), { at, policy: strict });
    expect(detail.badReviews.stages.reply).toMatchObject({ doneOnTime: 1, doneLate: 0 });
  });

  it('given satisfied levels 3–5, when detailed, then the system default review counts as satisfied too', async () => {
    const detail = satisfactionDetail(await given(), { at, policy: { ...DEFAULT_EVALUATION_POLICY, satisfiedLevels: [3, 4, 5] } });
    expect(detail.satisfied).toBe(3);
  });

  it('given two follow-ups and three complaints with due times the complaint decider set (3 working days), when detailed, then K1 is answered on time, K2 late (make-up Saturday after a Friday due), K3 open past due', async () => {
    const detail = satisfactionDetail(await given(), { at });
    expect(detail.followUps).toEqual({ count: 2, satisfied: 1, notSatisfied: 1, byMethod: { phone: 1, visit: 1, sms: 0, online: 0 } });
    expect(detail.complaints).toEqual({ filed: 3, answered: 2, answeredOnTime: 1, open: 0, openOverdue: 1 });
    const { hall } = await history!;
    const due = async (id: string) => (await hall.store.readStream(`complaint-${id}`)).find((e) => e.type === 'ComplaintFiled')!.data;
    expect(await due('K2')).toMatchObject({ answerDueAt: '2024-10-11T17:30:00+08:00' });
    expect(await due('K3')).toMatchObject({ answerDueAt: '2024-11-01T17:30:00+08:00' });
  });

  it('given a period and halls, when detailed, then only what falls in them counts (K3, due Nov 1 17:30, still open at the period end)', async () => {
    const state = await given();
    const october = satisfactionDetail(state, { from: '2024-10-01T00:00:00+08:00', to: '2024-11-01T00:00:00+08:00' });
    expect(october.evaluations.submitted).toBe(4);
    expect(october.complaints).toEqual({ filed: 3, answered: 2, answeredOnTime: 1, open: 1, openOverdue: 0 });
    expect(satisfactionDetail(state, { hallIds: ['h2'] }).evaluations.submitted).toBe(0);
    expect(satisfactionDetail(state, { hallIds: ['h1'] }).evaluations.submitted).toBe(7);
  });

  it('given a review naming its window and staff and one naming none, when folded, then each is attributed to its own, else to the accepting window and staff', async () => {
    const state = await given();
    expect(state.evaluations.get('E3')).toMatchObject({ hallId: 'h1', windowId: 'w-g', staffId: 'clerk-g', departmentId: 'market' });
    expect(state.evaluations.get('E1')).toMatchObject({ windowId: 'w-m', staffId: 'clerk-m', departmentId: 'market' });
  });

  it('given six cases accepted at one desk, when folded, then they share one home (a year-long fold keeps no copy per case) and a review no stage handled has none', async () => {
    const state = await given();
    const homes = new Set(['C1', 'C2', 'C3', 'C5', 'C6', 'C7'].map((caseId) => state.cases.get(caseId)));
    expect(homes.size).toBe(1);
    expect([...homes][0]).toEqual({ hallId: 'h1', windowId: 'w-m', staffId: 'clerk-m', departmentId: 'market' });
    expect(state.evaluations.get('E1')!.handled).toEqual({});
    expect(state.evaluations.get('E3')!.handled).toMatchObject({ triage: expect.any(Number), reply: expect.any(Number), rectify: expect.any(Number) });
  });

  it('given a triage that names no complexity, when folded, then the rectification is due as the decider recorded it: 15 working days after the review, Fri Oct 25 17:30', async () => {
    const state = await given();
    expect(state.evaluations.get('E3')!.triageDueAt).toBe(parseInstant('2024-10-25T17:30:00+08:00'));
  });
});

describe('satisfaction detail: a 差评 triaged simple', () => {
  it('given a review triaged simple, when judged, then rectification is due 5 working days after it (make-up Sat Oct 12, as the triage recorded), so Oct 18 is late though the policy default of 15 would allow it', async () => {
    const hall = await createEngineHall();
    await completed(hall, 'C1', 0);
    await evaluate(hall, 'C1', 'E1', 1, T('2024-09-30T10:00'));
    await handle(hall, 'TriageBadReview', 'C1', 'E1', T('2024-10-08T16:00'), { valid: true, complexity: 'simple' });
    await handle(hall, 'ReplyBadReview', 'C1', 'E1', T('2024-10-09T09:00'));
    await handle(hall, 'RectifyBadReview', 'C1', 'E1', T('2024-10-18T10:00'), { measures: '一次性告知清单上墙' });
    const state = await stateOf(hall);
    expect(state.evaluations.get('E1')!.triageDueAt).toBe(parseInstant('2024-10-12T17:30:00+08:00'));
    const { reply, rectify } = satisfactionDetail(state, { at }).badReviews.stages;
    expect(reply).toMatchObject({ doneOnTime: 1, doneLate: 0 });
    expect(rectify).toEqual({ due: 1, doneOnTime: 0, doneLate: 1, open: 0, openOverdue: 0 });
  });

  it('given a triage naming its own due date, when sent, then the engine refuses it: the rectification due time is the decider\'s, from the review and the hall policy', async () => {
    const hall = await createEngineHall();
    await completed(hall, 'C1', 0);
    await evaluate(hall, 'C1', 'E1', 1, T('2024-09-30T10:00'));
    const { refused } = await hall.attempt('TriageBadReview', { caseId: 'C1', evaluationId: 'E1', valid: true, dueAt: T('2024-12-31T17:30') }, CLERK, T('2024-10-08T16:00'));
    expect(refused).toMatchObject({ kind: 'decode' });
  });
});
