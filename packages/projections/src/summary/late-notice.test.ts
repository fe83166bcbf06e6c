import { parseInstant } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { CLERK, createEngineHall } from '../golden/engine-hall.fixture';
import { buildReport } from '../report/build-report';
import { rebuild } from '../runner/rebuild';
import { trailOf } from '../trail/trail-of';
import { caseSummaryAt } from './summary';

/**
 * 行政许可法 §32(四): "逾期不告知的，自收到申请材料之日起即为受理". Submitted Mon 2025-03-03 09:00;
 * the notice was due by Mon 03-10 17:30 (five working days, the day of receipt not counted) and
 * comes Wed 03-12, seven working days later.
 */
const T = (local: string) => `${local}:00+08:00`;
const notice = { caseId: 'c1', missing: ['营业执照复印件'] };

const submitted = async (policy: 'deemAccepted' | 'refuse') => {
  const hall = await createEngineHall({ policy: { lateCorrectionNotice: policy }, setupAt: T('2025-01-02T08:00') });
  await hall.run('SubmitApplication', {
    caseId: 'c1', caseNo: 'NO-c1', hallId: 'h1', itemCode: 'SC-5', channel: 'window', applicant: { type: 'person', ref: 'p-c1' }, materials: ['申请书'],
  }, CLERK, T('2025-03-03T09:00'));
  return hall;
};

describe('a correction notice later than five working days (行政许可法 §32(四))', () => {
  it('given the default policy, when the notice comes seven working days after submission, then the case counts as accepted from the receipt and the notice suspends it', async () => {
    const hall = await submitted('deemAccepted');
    const events = await hall.run('RequestCorrection', notice, CLERK, T('2025-03-12T10:00'));
    expect(events.map((e) => e.type)).toEqual(['CaseAccepted', 'CorrectionRequested', 'ClockSuspended']);
    expect(events[0]!.data).toMatchObject({ deemedFrom: T('2025-03-03T09:00'), departmentId: 'market', promisedDueAt: T('2025-03-10T17:30') });
    const facts = (await rebuild(hall.store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;
    const summary = caseSummaryAt(facts, 'c1', parseInstant(T('2025-03-12T11:00')))!;
    expect(summary).toMatchObject({ state: 'suspended', acceptedAt: T('2025-03-03T09:00') });
    // the clock ran from the receipt: the 5-day promise was already broken before the notice
    expect(summary.clock?.promisedDueAt).toBe(T('2025-03-10T17:30'));
    const report = await buildReport(hall.store, { from: '2025-03-01', to: '2025-04-01', hall: 'h1' });
    expect(report.figures.accepted!.value).toBe(1);
    expect(report.figures.averageAcceptanceTime!.value).toBe(0);
    const trail = await trailOf(hall.store, 'c1');
    expect(trail.entries.map((e) => e.change).join('\n')).toContain('deemed accepted from');
  });

  it('given the default policy, when the notice comes on the fifth working day, then it is an ordinary notice before acceptance (near miss)', async () => {
    const hall = await submitted('deemAccepted');
    const events = await hall.run('RequestCorrection', notice, CLERK, T('2025-03-10T17:30'));
    expect(events.map((e) => e.type)).toEqual(['CorrectionRequested']);
  });

  it('given a hall that refuses late notices, when the notice comes seven working days after submission, then it is refused naming the rule and nothing is recorded', async () => {
    const hall = await submitted('refuse');
    const { refused, events } = await hall.attempt('RequestCorrection', notice, CLERK, T('2025-03-12T10:00'));
    expect(refused).toMatchObject({ kind: 'illegalTransition', rule: 'correction.notice.withinFiveWorkingDays' });
    expect(events).toEqual([]);
    expect(await hall.store.readStream('case-c1')).toHaveLength(1);
  });
});
