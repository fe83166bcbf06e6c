import { createCaseDecider, createCommandEngine, createComplaintDecider, createDirectory, type Actor } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { APPLICANT, CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { createAlertScheduler, type AlertScheduler } from './scheduler';

const T = (local: string) => `${local}:00+08:00`;

/** The scheduler over the hall's log, on its own simulated clock. */
const schedulerOf = async (hall: EngineHall, now: { at: string }): Promise<AlertScheduler> => {
  const directory = createDirectory([...(await hall.store.readStream('hall-h1')), ...(await hall.store.readStream('catalog-h1'))]);
  return createAlertScheduler({
    store: hall.store, engine: createCommandEngine({ store: hall.store, now: () => now.at }), now: () => now.at,
    decider: createCaseDecider({ directory }), complaintDecider: createComplaintDecider({ directory }),
  });
};
const rungs = (pass: Awaited<ReturnType<AlertScheduler['tick']>>) => pass.raised.map((a) => `${a.rule} ${a.level}`);

describe('alert ladders beyond the promised limit', () => {
  it('given a case left open past its statutory limit (20 working days from Mon 2025-03-03), when the scheduler runs, then the statutory ladder raises its own 黄灯 and 红灯/黄牌 beside the promised one (行政许可法 §42)', async () => {
    const hall = await createEngineHall({ setupAt: T('2025-01-02T08:00') });
    await hall.accept('c1', T('2025-03-03T09:40'), 'SC-5', T('2025-03-03T10:00'));
    const now = { at: T('2025-03-28T10:00') };
    const scheduler = await schedulerOf(hall, now);
    // 03-28: promised (03-10) long overdue, statutory (03-31) within a working day
    expect(rungs(await scheduler.tick())).toEqual([
      'promisedLimit approaching', 'promisedLimit overdue', 'promisedLimit yellowCard', 'promisedLimit redCard', 'statutoryLimit approaching',
    ]);
    now.at = T('2025-04-01T10:00');
    expect(rungs(await scheduler.tick())).toEqual(['statutoryLimit overdue', 'statutoryLimit yellowCard']);
  });

  it('given a 差评 on a completed case, when nobody contacts the applicant, then the contact step goes approaching then overdue; contacted, its alerts clear and the rectification ladder runs on', async () => {
    const hall = await createEngineHall({ setupAt: T('2025-01-02T08:00') });
    await hall.accept('c1', T('2025-03-03T09:40'), 'SC-5', T('2025-03-03T10:00'));
    await hall.run('MakeDecision', { caseId: 'c1', outcome: 'approved' }, CLERK, T('2025-03-04T10:00'));
    await hall.run('CompleteCase', { caseId: 'c1', result: 'issued' }, CLERK, T('2025-03-04T10:05'));
    const applicant: Actor = APPLICANT('p-c1');
    await hall.run('SubmitEvaluation', { caseId: 'c1', evaluationId: 'e1', level: 1, channel: 'mobile', round: 'first', realName: false }, applicant, T('2025-03-04T11:00'));
    await hall.run('TriageBadReview', { caseId: 'c1', evaluationId: 'e1', valid: true, complexity: 'simple' }, CLERK, T('2025-03-04T15:00'));
    const now = { at: T('2025-03-05T10:00') };
    const scheduler = await schedulerOf(hall, now);
    // contact due Thu 03-06 17:30 (2 working days); rectification (simple) Tue 03-11 17:30
    expect(rungs(await scheduler.tick())).toEqual([]);
    now.at = T('2025-03-06T10:00');
    expect(rungs(await scheduler.tick())).toEqual(['badReview.contact approaching']);
    now.at = T('2025-03-07T10:00');
    expect(rungs(await scheduler.tick())).toEqual(['badReview.contact overdue']);
    await hall.run('ReplyBadReview', { caseId: 'c1', evaluationId: 'e1' }, CLERK, T('2025-03-07T10:30'));
    now.at = T('2025-03-07T11:00');
    const after = await scheduler.tick();
    expect(after.cleared.map((a) => `${a.rule} ${a.level}`)).toEqual(['badReview.contact approaching', 'badReview.contact overdue']);
    expect(after.refused).toEqual([]);
    now.at = T('2025-03-11T10:00');
    expect(rungs(await scheduler.tick())).toEqual(['badReview.rectify approaching']);
  });

  it('given a complaint filed Mon 2025-03-03 (answer due Thu 03-06 17:30, 3 working days), when unanswered, then complaint.answer goes approaching then overdue; answered, its alerts clear', async () => {
    const hall = await createEngineHall({ setupAt: T('2025-01-02T08:00') });
    await hall.run('FileComplaint', { complaintId: 'q1', hallId: 'h1', channel: 'window', subject: { kind: 'department', id: 'market' } }, CLERK, T('2025-03-03T10:00'));
    const now = { at: T('2025-03-05T10:00') };
    const scheduler = await schedulerOf(hall, now);
    expect(rungs(await scheduler.tick())).toEqual([]);
    now.at = T('2025-03-06T10:00');
    expect(rungs(await scheduler.tick())).toEqual(['complaint.answer approaching']);
    now.at = T('2025-03-07T09:30');
    expect(rungs(await scheduler.tick())).toEqual(['complaint.answer overdue']);
    await hall.run('AnswerComplaint', { complaintId: 'q1', resolution: '已整改并答复' }, CLERK, T('2025-03-07T10:00'));
    now.at = T('2025-03-07T10:30');
    const after = await scheduler.tick();
    expect(after.cleared.map((a) => `${a.rule} ${a.level}`)).toEqual(['complaint.answer approaching', 'complaint.answer overdue']);
    expect((await hall.store.readStream('complaint-q1')).map((e) => e.type)).toEqual([
      'ComplaintFiled', 'ComplaintAlertRaised', 'ComplaintAlertRaised', 'ComplaintAnswered', 'ComplaintAlertCleared', 'ComplaintAlertCleared',
    ]);
  });
});
