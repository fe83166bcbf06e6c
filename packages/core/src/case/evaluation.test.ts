import { describe, expect, it } from 'vitest';
import { actors } from '../org/hall.fixture';
import { acceptedCase, events, MONDAY, refusal, t } from './case.fixture';

const evaluation = (evaluationId: string, level: 1 | 2 | 3 | 4 | 5, round: 'first' | 'followUp' = 'first') => ({
  evaluationId, level, round, channel: 'mobile' as const, realName: true,
});

const completed = () => {
  const h = acceptedCase({}, 'I1');
  h.run('CompleteCase', { result: 'issued' }, actors.market, t(MONDAY, '11:00'));
  return h;
};

const badReview = () => {
  const h = completed();
  h.run('SubmitEvaluation', evaluation('ev1', 1), actors.applicant, t(MONDAY, '12:00'));
  return h;
};

describe('evaluation 好差评', () => {
  it('given an open case, when evaluated, then illegalTransition evaluate.onlyAfterCompletion and no events', () => {
    expect(refusal(acceptedCase().attempt('SubmitEvaluation', evaluation('ev1', 5), actors.applicant))).toMatchObject({
      kind: 'illegalTransition', rule: 'evaluate.onlyAfterCompletion', state: 'accepted',
    });
  });

  it('given a first evaluation, when a second first evaluation comes, then conflict evaluate.firstOnlyOnce; a follow-up 追评 is accepted', () => {
    const h = completed();
    h.run('SubmitEvaluation', evaluation('ev1', 4), actors.applicant);
    expect(refusal(h.attempt('SubmitEvaluation', evaluation('ev2', 5), actors.applicant))).toMatchObject({ kind: 'conflict', rule: 'evaluate.firstOnlyOnce', caseId: 'c1' });
    h.run('SubmitEvaluation', evaluation('ev2', 5, 'followUp'), actors.applicant);
    expect(Object.keys(h.state().evaluations)).toEqual(['ev1', 'ev2']);
  });

  it('given no first evaluation, when a follow-up comes, then illegalTransition evaluate.followUpAfterFirst', () => {
    expect(refusal(completed().attempt('SubmitEvaluation', evaluation('ev1', 5, 'followUp'), actors.applicant))).toMatchObject({ kind: 'illegalTransition', rule: 'evaluate.followUpAfterFirst' });
  });

  it('given an evaluation id already used, when reused, then conflict evaluate.idUnique', () => {
    const h = completed();
    h.run('SubmitEvaluation', evaluation('ev1', 4), actors.applicant);
    expect(refusal(h.attempt('SubmitEvaluation', evaluation('ev1', 4, 'followUp'), actors.applicant))).toMatchObject({ kind: 'conflict', rule: 'evaluate.idUnique' });
  });
});

describe('bad review handling 差评处理: triage → reply → rectify → call back', () => {
  it('given a level-1 review on Monday, when triaged valid, then the rectification is due 15 working days after it', () => {
    const [event] = events(badReview().attempt('TriageBadReview', { evaluationId: 'ev1', valid: true, assignee: 's-market' }));
    // Working days after Mon Sep 29: Sep 30, Oct 9, 10, 11 (调休), 13–17, 20–24, 27 → the 15th is Oct 27.
    expect(event).toEqual({ type: 'BadReviewTriaged', data: { caseId: 'c1', evaluationId: 'ev1', valid: true, assignee: 's-market', dueAt: '2025-10-27T17:30:00+08:00' } });
  });

  it('given a full handling in order, then each step is recorded; repeating one is conflict', () => {
    const h = badReview();
    h.run('TriageBadReview', { evaluationId: 'ev1', valid: true });
    h.run('ReplyBadReview', { evaluationId: 'ev1' });
    h.run('RectifyBadReview', { evaluationId: 'ev1', measures: '优化取号流程' });
    h.run('CallBackBadReview', { evaluationId: 'ev1', satisfied: true });
    expect(h.state().evaluations.ev1?.badReview).toMatchObject({ triage: { valid: true }, calledBack: { satisfied: true } });
    expect(refusal(h.attempt('ReplyBadReview', { evaluationId: 'ev1' }))).toMatchObject({ kind: 'conflict', rule: 'badReview.reply.once' });
  });

  it('given a review triaged invalid, when replied, then illegalTransition badReview.reply.afterValidTriage', () => {
    const h = badReview();
    h.run('TriageBadReview', { evaluationId: 'ev1', valid: false });
    expect(refusal(h.attempt('ReplyBadReview', { evaluationId: 'ev1' }))).toMatchObject({ kind: 'illegalTransition', rule: 'badReview.reply.afterValidTriage' });
  });

  it('given no reply, when rectified, then illegalTransition badReview.rectify.afterReply; without rectification a call-back is illegalTransition badReview.callBack.afterRectify', () => {
    const h = badReview();
    h.run('TriageBadReview', { evaluationId: 'ev1', valid: true });
    expect(refusal(h.attempt('RectifyBadReview', { evaluationId: 'ev1', measures: 'm' }))).toMatchObject({ kind: 'illegalTransition', rule: 'badReview.rectify.afterReply' });
    h.run('ReplyBadReview', { evaluationId: 'ev1' });
    expect(refusal(h.attempt('CallBackBadReview', { evaluationId: 'ev1', satisfied: true }))).toMatchObject({ kind: 'illegalTransition', rule: 'badReview.callBack.afterRectify' });
  });

  it('given a level-3 review, when triaged, then invalidCommand badReview.onlyLevelTwoOrBelow', () => {
    const h = completed();
    h.run('SubmitEvaluation', evaluation('ev1', 3), actors.applicant);
    expect(refusal(h.attempt('TriageBadReview', { evaluationId: 'ev1', valid: true }))).toMatchObject({ kind: 'invalidCommand', rule: 'badReview.onlyLevelTwoOrBelow' });
  });

  it('given an unknown evaluation, when triaged, then notFound evaluation.exists', () => {
    expect(refusal(badReview().attempt('TriageBadReview', { evaluationId: 'nope', valid: true }))).toMatchObject({ kind: 'notFound', rule: 'evaluation.exists' });
  });
});

describe('appeal 申诉复核', () => {
  it('given an appeal decided malicious, then the evaluation is excluded but kept', () => {
    const h = badReview();
    h.run('AppealEvaluation', { evaluationId: 'ev1', reason: '与办件无关' }, actors.market);
    h.run('DecideAppeal', { evaluationId: 'ev1', outcome: 'malicious' }, actors.approver2);
    expect(h.state().evaluations.ev1).toMatchObject({ excluded: true, level: 1, appeal: { outcome: 'malicious' } });
  });

  it('given an appeal upheld, then the evaluation stays counted', () => {
    const h = badReview();
    h.run('AppealEvaluation', { evaluationId: 'ev1', reason: 'r' }, actors.applicant);
    h.run('DecideAppeal', { evaluationId: 'ev1', outcome: 'upheld' }, actors.approver2);
    expect(h.state().evaluations.ev1?.excluded).toBe(false);
  });

  it('given no appeal, when decided, then illegalTransition appeal.decide.onlyWhenAppealed; a second appeal is conflict appeal.once', () => {
    const h = badReview();
    expect(refusal(h.attempt('DecideAppeal', { evaluationId: 'ev1', outcome: 'mistaken' }, actors.approver2))).toMatchObject({ kind: 'illegalTransition', rule: 'appeal.decide.onlyWhenAppealed' });
    h.run('AppealEvaluation', { evaluationId: 'ev1', reason: 'r' }, actors.market);
    expect(refusal(h.attempt('AppealEvaluation', { evaluationId: 'ev1', reason: 'again' }, actors.market))).toMatchObject({ kind: 'conflict', rule: 'appeal.once' });
  });

  it('given a decided appeal, when decided again, then conflict appeal.decide.once', () => {
    const h = badReview();
    h.run('AppealEvaluation', { evaluationId: 'ev1', reason: 'r' }, actors.market);
    h.run('DecideAppeal', { evaluationId: 'ev1', outcome: 'mistaken' }, actors.approver2);
    expect(refusal(h.attempt('DecideAppeal', { evaluationId: 'ev1', outcome: 'upheld' }, actors.approver2))).toMatchObject({ kind: 'conflict', rule: 'appeal.decide.once' });
  });
});

describe('follow-up 回访', () => {
  it('given a completed case, when followed up, then it is counted; an open case is illegalTransition followUp.onlyAfterCompletion', () => {
    const h = completed();
    h.run('RecordFollowUp', { method: 'phone', satisfied: true });
    expect(h.state().followUps).toBe(1);
    expect(refusal(acceptedCase().attempt('RecordFollowUp', { method: 'phone' }))).toMatchObject({ kind: 'illegalTransition', rule: 'followUp.onlyAfterCompletion' });
  });
});
