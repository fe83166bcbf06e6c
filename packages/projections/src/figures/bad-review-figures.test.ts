import type { Actor } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { clerk, givenAuditHall, type AuditHall } from '../audit/audit.fixture';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { rebuild } from '../runner/rebuild';
import { computeFigures } from './query';

type Hall = AuditHall;
const factsOf = async (hall: Hall) => (await rebuild(hall.store, [caseFactsProjection])).states.caseFacts as CaseFactsState;
const at = (date: string, time: string) => `2025-03-${date}T${time}:00+08:00`;

/** A market case completed on Tue Mar 4 and given a 非常不满意 review by its applicant at 14:00. */
const badlyReviewed = async (hall: Hall, caseId: string) => {
  await hall.open(caseId, at('03', '10:00'));
  await hall.close(caseId, at('04', '10:00'));
  const applicant: Actor = { kind: 'applicant', id: `p-${caseId}` };
  await hall.run('SubmitEvaluation', { caseId, evaluationId: `${caseId}-e`, level: 1, channel: 'mobile', round: 'first', realName: true }, applicant, at('04', '14:00'));
};
const step = (hall: Hall, type: string, caseId: string, when: string, extra: Record<string, unknown> = {}) =>
  hall.run(type, { caseId, evaluationId: `${caseId}-e`, ...extra }, clerk, when);

describe('差评 "2、5、15" figures: contact on time, rectified on time, 回访率', () => {
  it('given three 差评 of Mar 4 handled on time, late to contact, and late to rectify and call back, then contact 2/3, rectified 2/3, called back 1/3', async () => {
    const hall = await givenAuditHall();
    for (const caseId of ['m1', 'm2', 'm3']) await badlyReviewed(hall, caseId);
    // m1: simple; contact Mar 6 (due Mar 6), rectified Mar 10 (due Mar 11), called back Mar 14 (due Mar 17)
    await step(hall, 'TriageBadReview', 'm1', at('04', '15:00'), { valid: true, complexity: 'simple' });
    await step(hall, 'ReplyBadReview', 'm1', at('06', '10:00'));
    await step(hall, 'RectifyBadReview', 'm1', at('10', '10:00'), { measures: '一次性告知清单上墙' });
    await step(hall, 'CallBackBadReview', 'm1', at('14', '10:00'), { satisfied: true });
    // m2: complex; contact Mar 7 (late), rectified Mar 20 (due Mar 25), never called back
    await step(hall, 'TriageBadReview', 'm2', at('04', '15:01'), { valid: true, complexity: 'complex' });
    await step(hall, 'ReplyBadReview', 'm2', at('07', '10:00'));
    await step(hall, 'RectifyBadReview', 'm2', at('20', '10:00'), { measures: '优化取号流程' });
    // m3: simple; contact Mar 5, rectified Mar 13 (late), called back Mar 28 (due Mar 20: late)
    await step(hall, 'TriageBadReview', 'm3', at('04', '15:02'), { valid: true, complexity: 'simple' });
    await step(hall, 'ReplyBadReview', 'm3', at('05', '10:00'));
    await step(hall, 'RectifyBadReview', 'm3', at('13', '10:00'), { measures: '加强培训' });
    await step(hall, 'CallBackBadReview', 'm3', at('28', '10:00'), { satisfied: false });

    const f = computeFigures(await factsOf(hall), { period: { from: '2025-03-01', to: '2025-04-01' }, hall: 'h1' }).figures;
    expect(f.badReviewContactOnTimeRate).toMatchObject({ numerator: 2, denominator: 3, definition: 'badReviewContactOnTimeRate@1' });
    expect(f.badReviewRectificationRate).toMatchObject({ numerator: 2, denominator: 3 });
    expect(f.badReviewCallBackRate).toMatchObject({ numerator: 1, denominator: 3, definition: 'badReviewCallBackRate@1' });
  });

  it('given a 差评 closed on Mar 28 and called back in April, then it counts in March (closed then) as called back on time (due Apr 7, 清明 skipped), April counts nothing', async () => {
    const hall = await givenAuditHall();
    await badlyReviewed(hall, 'm1');
    await step(hall, 'TriageBadReview', 'm1', at('04', '15:00'), { valid: true, complexity: 'complex' });
    await step(hall, 'ReplyBadReview', 'm1', at('05', '10:00'));
    await step(hall, 'RectifyBadReview', 'm1', at('28', '10:00'), { measures: '优化取号流程' });
    await step(hall, 'CallBackBadReview', 'm1', '2025-04-01T10:00:00+08:00', { satisfied: true });
    const facts = await factsOf(hall);
    expect(computeFigures(facts, { period: { from: '2025-03-01', to: '2025-04-01' }, hall: 'h1' }).figures.badReviewCallBackRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(computeFigures(facts, { period: { from: '2025-04-01', to: '2025-05-01' }, hall: 'h1' }).figures.badReviewCallBackRate).toMatchObject({ denominator: 0 });
  });
});
