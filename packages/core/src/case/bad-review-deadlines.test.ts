import { describe, expect, it } from 'vitest';
import { parseInstant } from '../clock/instant';
import { createClockResolver } from '../org/clocks';
import { actors, HALL } from '../org/hall.fixture';
import { acceptedCase, events, MONDAY, t } from './case.fixture';
import { complaintAnswerDue } from './complaint';
import { DEFAULT_HALL_POLICY } from './context';
import { badReviewDeadlines, badReviewProgressOf } from './evaluation';

/** A level-1 review 非常不满意 on Mon 2025-09-29 12:00, the Monday before National Day (Oct 1–8 off, Sat Oct 11 worked). */
const badReview = () => {
  const h = acceptedCase({}, 'I1');
  h.run('CompleteCase', { result: 'issued' }, actors.market, t(MONDAY, '11:00'));
  h.run('SubmitEvaluation', { evaluationId: 'ev1', level: 1, round: 'first', channel: 'mobile', realName: true }, actors.applicant, t(MONDAY, '12:00'));
  return h;
};
const clock = () => createClockResolver(badReview().directory)(HALL);
const policy = DEFAULT_HALL_POLICY.evaluation;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : clock().toInstant(ms));

describe('差评 "2、5、15" (seed 003): contact in 2 working days, rectify in 5 or 15, call back within 5 of closing', () => {
  it('given a review triaged simple, then the rectification is due 5 working days after it (Oct 13); complex, 15 (Oct 27)', () => {
    const [simple] = events(badReview().attempt('TriageBadReview', { evaluationId: 'ev1', valid: true, complexity: 'simple' }));
    expect(simple).toMatchObject({ data: { complexity: 'simple', dueAt: '2025-10-13T17:30:00+08:00' } });
    const [complex] = events(badReview().attempt('TriageBadReview', { evaluationId: 'ev1', valid: true, complexity: 'complex' }));
    expect(complex).toMatchObject({ data: { complexity: 'complex', dueAt: '2025-10-27T17:30:00+08:00' } });
  });

  it('given an untriaged review, then contact is due Oct 9 (2 working days across National Day) and no call-back is due before it is closed', () => {
    const h = badReview();
    const d = badReviewDeadlines(clock(), policy, badReviewProgressOf(h.state().evaluations.ev1!));
    expect([iso(d.triage.dueAt), iso(d.contact.dueAt), d.contact.doneAt, d.callBack]).toEqual(['2025-09-30T17:30:00+08:00', '2025-10-09T17:30:00+08:00', undefined, undefined]);
  });

  it('given a simple review contacted Oct 9 and rectified Oct 10, then each step is done on time and the call-back is due 5 working days later (Oct 16)', () => {
    const h = badReview();
    h.run('TriageBadReview', { evaluationId: 'ev1', valid: true, complexity: 'simple' }, actors.market, t('2025-09-30', '09:00'));
    h.run('ReplyBadReview', { evaluationId: 'ev1' }, actors.market, t('2025-10-09', '10:00'));
    h.run('RectifyBadReview', { evaluationId: 'ev1', measures: '一次性告知清单上墙' }, actors.market, t('2025-10-10', '10:00'));
    const d = badReviewDeadlines(clock(), policy, badReviewProgressOf(h.state().evaluations.ev1!));
    expect({ contact: [iso(d.contact.dueAt), iso(d.contact.doneAt)], rectify: [iso(d.rectify.dueAt), iso(d.rectify.doneAt)], callBack: [iso(d.callBack?.dueAt), iso(d.callBack?.doneAt)] }).toEqual({
      contact: ['2025-10-09T17:30:00+08:00', '2025-10-09T10:00:00+08:00'],
      rectify: ['2025-10-13T17:30:00+08:00', '2025-10-10T10:00:00+08:00'],
      callBack: ['2025-10-16T17:30:00+08:00', undefined],
    });
    h.run('CallBackBadReview', { evaluationId: 'ev1', satisfied: true }, actors.market, t('2025-10-15', '10:00'));
    expect(iso(badReviewDeadlines(clock(), policy, badReviewProgressOf(h.state().evaluations.ev1!)).callBack?.doneAt)).toBe('2025-10-15T10:00:00+08:00');
  });

  it('given a hall policy of 1/3/10 working days, then the due times follow it', () => {
    const d = badReviewDeadlines(clock(), { ...policy, contactWorkingDays: 1, rectifySimpleWorkingDays: 3, rectifyComplexWorkingDays: 10 }, { submittedAtMs: parseInstant(t(MONDAY, '12:00')), complexity: 'simple' });
    expect([iso(d.contact.dueAt), iso(d.rectify.dueAt)]).toEqual(['2025-09-30T17:30:00+08:00', '2025-10-10T17:30:00+08:00']);
  });
});

describe('complaint answer due 投诉答复 (spec §3.1: 3 working days)', () => {
  it('given a complaint filed Mon Sep 29 10:00, then the answer is due Fri Oct 10 17:30 (National Day skipped)', () => {
    expect(iso(complaintAnswerDue(clock(), DEFAULT_HALL_POLICY, parseInstant(t(MONDAY, '10:00'))))).toBe('2025-10-10T17:30:00+08:00');
  });
});
