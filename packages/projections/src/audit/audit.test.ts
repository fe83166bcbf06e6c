import { describe, expect, it } from 'vitest';
import { approver, clerk, givenAuditHall, pad, staffMayEvaluate } from './audit.fixture';
import { AuditOptionsError, DEFAULT_AUDIT_THRESHOLDS, resolveThresholds, type AuditReport, type Finding } from './index';

const at = (date: string, time: string) => `2025-03-${date}T${time}:00+08:00`;
const about = (report: AuditReport, caseId: string): Finding[] => report.findings.filter((f) => f.caseId === caseId || f.caseIds.includes(caseId));
const ids = (findings: readonly Finding[]) => findings.map((f) => f.definition).sort();
const applicant = (ref: string) => ({ kind: 'applicant' as const, id: ref });

describe('anomaly findings 异常办件', () => {
  it('given a completion recorded two days after its business time and one recorded ten minutes after, when audited, then only the first is a backdated@1 finding with its positions', async () => {
    const hall = await givenAuditHall();
    await hall.open('c1', at('04', '09:00'));
    await hall.open('c2', at('04', '09:30'));
    await hall.close('c2', at('05', '10:00'), at('05', '10:10'));
    await hall.close('c1', at('05', '10:00'), at('07', '10:00'));
    const report = await hall.audit();
    const [planted, ...rest] = about(report, 'c1');
    expect(rest).toEqual([]);
    expect(planted).toMatchObject({ definition: 'backdated@1', kind: 'backdated', severity: 'high', staffId: 'a1', departmentId: 'market', measured: { events: 2, declared: 2, maxLagMinutes: 2880 } });
    const events = await hall.store.readStream('case-c1');
    const lateTypes = ['DecisionMade', 'CaseCompleted', 'LateEntryRecorded'];
    expect(planted!.positions).toEqual(events.filter((e) => lateTypes.includes(e.type)).map((e) => e.globalPosition));
    expect(about(report, 'c2')).toEqual([]);
    expect(report.staff).toEqual([{ hallId: 'h1', staffId: 'a1', departmentId: 'market', lateEntries: 2 }]);
    expect(report.departments.find((d) => d.departmentId === 'market')).toMatchObject({ lateEntries: 2 });
  });

  it('given a case a legacy writer typed in all at once a week after its declared times, and one typed in over an afternoon, when audited, then only the first is offSystem@1', async () => {
    // the engine refuses a late submission (a late entry needs a submitted case), so the log comes from a writer beside it
    const hall = await givenAuditHall();
    await hall.open('c3', at('04', '09:00'), { recordedAt: at('12', '10:00'), via: 'legacyWriter' });
    await hall.close('c3', at('06', '10:00'), at('12', '10:05'), 'legacyWriter');
    await hall.open('c4', at('04', '09:00'), { recordedAt: at('12', '10:10'), via: 'legacyWriter' });
    await hall.close('c4', at('06', '10:00'), at('12', '14:00'), 'legacyWriter');
    const report = await hall.audit();
    expect(ids(about(report, 'c3'))).toEqual(['backdated@1', 'offSystem@1']);
    const offSystem = about(report, 'c3').find((f) => f.definition === 'offSystem@1')!;
    expect(offSystem).toMatchObject({ kind: 'offSystem', severity: 'high', measured: { spanMinutes: 6 } });
    expect(offSystem.positions).toHaveLength(3);
    expect(ids(about(report, 'c4'))).toEqual(['backdated@1']);
  });

  it('given a promised case completed two office minutes after acceptance and one after twenty, when audited, then only the first is noWorkingTime@1', async () => {
    const hall = await givenAuditHall();
    await hall.open('c5', at('04', '09:00'));
    await hall.close('c5', at('04', '09:21'));
    await hall.open('c6', at('04', '10:00'));
    await hall.close('c6', at('04', '10:40'));
    const report = await hall.audit();
    expect(about(report, 'c5')).toMatchObject([{ definition: 'noWorkingTime@1', kind: 'offSystem', measured: { officeMinutes: 2 } }]);
    expect(about(report, 'c6')).toEqual([]);
  });

  it('given a case withdrawn hours before its due time and applied for again two days later by the same applicant, and one withdrawn early, when audited, then only the first is resubmission@1', async () => {
    const hall = await givenAuditHall();
    await hall.open('c7', at('03', '09:00'), { applicant: 'p-x' });
    await hall.run('WithdrawCase', { caseId: 'c7', reason: '申请人撤回' }, applicant('p-x'), at('07', '15:00'));
    await hall.open('c8', at('11', '09:00'), { applicant: 'p-x' });
    await hall.open('c9', at('03', '10:00'), { applicant: 'p-y' });
    await hall.run('WithdrawCase', { caseId: 'c9', reason: '申请人撤回' }, applicant('p-y'), at('04', '10:00'));
    await hall.open('c10', at('05', '09:00'), { applicant: 'p-y' });
    const report = await hall.audit();
    const [planted, ...rest] = about(report, 'c7');
    expect(rest).toEqual([]);
    expect(planted).toMatchObject({ definition: 'resubmission@1', caseIds: ['c7', 'c8'], measured: { workingDaysToResubmission: 1.36 } });
    expect(planted!.measured.officeHoursLeft).toBeLessThan(DEFAULT_AUDIT_THRESHOLDS['resubmission.lastOfficeHours']);
    expect(planted!.positions).toHaveLength(3);
    expect(about(report, 'c9')).toEqual([]);
  });

  it('given an extension approved two and a half office hours before the due time and one three days before, when audited, then only the first is lateStop@1', async () => {
    const hall = await givenAuditHall();
    const extend = (caseId: string, when: string) =>
      hall.run('ExtendTimeLimit', { caseId, by: { value: 5, unit: 'workingDays' }, approvedBy: 'a1', reason: '情况复杂' }, approver, when);
    await hall.open('c11', at('03', '09:00'));
    await hall.open('c12', at('03', '09:00'));
    await extend('c12', at('05', '10:00'));
    await extend('c11', at('10', '15:00'));
    const report = await hall.audit();
    expect(about(report, 'c11')).toMatchObject([{ definition: 'lateStop@1', kind: 'clockStop', staffId: 'a1', departmentId: 'market' }]);
    expect(about(report, 'c11')[0]!.measured.officeHoursLeft).toBe(2.5);
    expect(about(report, 'c12')).toEqual([]);
  });

  it('given three suspensions on one case and two on another, when audited, then only the first is repeatedSuspension@1', async () => {
    const hall = await givenAuditHall();
    const cycle = async (caseId: string, day: string) => {
      await hall.run('SuspendClock', { caseId, procedure: 'inspection', legalBasis: '行政许可法第四十五条' }, clerk, at(day, '10:00'));
      await hall.run('ResumeClock', { caseId }, clerk, at(day, '11:00'));
    };
    await hall.open('c13', at('03', '09:00'));
    await hall.open('c14', at('03', '09:30'));
    for (const day of ['04', '05', '06']) await cycle('c13', day);
    for (const day of ['04', '05']) await cycle('c14', day);
    const report = await hall.audit();
    expect(about(report, 'c13')).toMatchObject([{ definition: 'repeatedSuspension@1', measured: { suspensions: 3 } }]);
    expect(about(report, 'c13')[0]!.positions).toHaveLength(3);
    expect(about(report, 'c14')).toEqual([]);
  });

  it('given a department whose case was suspended most of its time and one whose case never was, when audited with suspendedShare.minCases=1, then only the first department is suspendedShare@1', async () => {
    const hall = await givenAuditHall();
    await hall.open('c15', at('03', '09:00'));
    await hall.run('SuspendClock', { caseId: 'c15', procedure: 'testing', legalBasis: '行政许可法第四十五条' }, clerk, at('03', '10:00'));
    await hall.run('ResumeClock', { caseId: 'c15' }, clerk, at('07', '10:00'));
    await hall.close('c15', at('07', '11:00'));
    await hall.open('tax16', at('03', '09:00'), { itemCode: 'TX-001' });
    await hall.close('tax16', at('05', '09:00'));
    const report = await hall.audit({ thresholds: { 'suspendedShare.minCases': 1 } });
    const shares = report.findings.filter((f) => f.definition === 'suspendedShare@1');
    expect(shares).toMatchObject([{ departmentId: 'market', caseId: null, caseIds: ['c15'], severity: 'low' }]);
    expect(shares[0]!.measured.suspendedShare).toBeGreaterThan(0.8);
    expect(report.departments.find((d) => d.departmentId === 'tax')).toMatchObject({ cases: 1, suspendedOfficeHours: 0, suspendedShare: 0 });
    expect((await hall.audit()).findings.filter((f) => f.definition === 'suspendedShare@1')).toEqual([]);
  });

  it('given four satisfied evaluations from one device within six minutes and three within six minutes on another day, when audited, then only the four are one evaluationBurst@1', async () => {
    const hall = await givenAuditHall();
    const evaluate = (caseId: string, when: string) =>
      hall.run('SubmitEvaluation', { caseId, evaluationId: `${caseId}-e1`, level: 5, channel: 'device', round: 'first', realName: false, windowId: 'w1', staffId: 's1' }, pad, when);
    for (const n of [21, 22, 23, 24, 25, 26, 27]) {
      await hall.open(`c${n}`, at('04', '09:00'));
      await hall.close(`c${n}`, at('04', '10:00'));
    }
    for (const [n, time] of [[21, '14:00'], [22, '14:02'], [23, '14:04'], [24, '14:06']] as const) await evaluate(`c${n}`, at('04', time));
    for (const [n, time] of [[25, '14:00'], [26, '14:03'], [27, '14:06']] as const) await evaluate(`c${n}`, at('05', time));
    const report = await hall.audit();
    const bursts = report.findings.filter((f) => f.definition === 'evaluationBurst@1');
    expect(bursts).toMatchObject([{ caseIds: ['c21', 'c22', 'c23', 'c24'], staffId: 's1', departmentId: 'market', measured: { evaluations: 4, minutes: 6 } }]);
    expect(bursts[0]!.detail).toContain('device');
    expect(bursts[0]!.positions).toHaveLength(4);
  });

  it('given one applicant evaluating three of their cases within ten minutes and another evaluating two, when audited, then only the first is an evaluationBurst@1 by applicant ref', async () => {
    const hall = await givenAuditHall();
    const cases = [['c41', 'o-1'], ['c42', 'o-1'], ['c43', 'o-1'], ['c44', 'o-2'], ['c45', 'o-2']] as const;
    for (const [caseId, ref] of cases) {
      await hall.open(caseId, at('04', '09:00'), { applicant: ref });
      await hall.close(caseId, at('04', '10:00'));
    }
    let minute = 10;
    for (const [caseId, ref] of cases) {
      await hall.run('SubmitEvaluation', { caseId, evaluationId: `${caseId}-e1`, level: 5, channel: 'mobile', round: 'first', realName: true }, applicant(ref), at('04', `11:${minute}`));
      minute += 2;
    }
    const bursts = (await hall.audit()).findings.filter((f) => f.definition === 'evaluationBurst@1');
    expect(bursts).toMatchObject([{ caseIds: ['c41', 'c42', 'c43'], measured: { evaluations: 3, minutes: 4 } }]);
    expect(bursts[0]!.detail).toContain('one applicant (o-1)');
  });

  it('given an evaluation recorded by a member of staff (a hall policy that lets them) and one by the applicant, when audited, then only the first is staffEvaluation@1', async () => {
    const hall = await givenAuditHall({ authorization: staffMayEvaluate });
    for (const caseId of ['c28', 'c29']) {
      await hall.open(caseId, at('04', '09:00'));
      await hall.close(caseId, at('04', '10:00'));
    }
    await hall.run('SubmitEvaluation', { caseId: 'c28', evaluationId: 'e28', level: 5, channel: 'pc', round: 'first', realName: true }, clerk, at('04', '10:30'));
    await hall.run('SubmitEvaluation', { caseId: 'c29', evaluationId: 'e29', level: 5, channel: 'mobile', round: 'first', realName: true }, applicant('p-c29'), at('04', '10:30'));
    const report = await hall.audit();
    expect(about(report, 'c28')).toMatchObject([{ definition: 'staffEvaluation@1', kind: 'evaluationPadding', severity: 'high', staffId: 's1', departmentId: 'market' }]);
    expect(about(report, 'c29')).toEqual([]);
  });

  it('given a bad review excluded as mistaken by an approver of the department reviewed and one whose appeal was upheld, when audited, then only the first is appealExcluded@1 and the department share is excludedShare@1', async () => {
    const hall = await givenAuditHall();
    for (const caseId of ['c31', 'c32']) {
      await hall.open(caseId, at('04', '09:00'));
      await hall.close(caseId, at('04', '10:00'));
      await hall.run('SubmitEvaluation', { caseId, evaluationId: `${caseId}-e1`, level: 1, channel: 'mobile', round: 'first', realName: true }, applicant(`p-${caseId}`), at('04', '11:00'));
      await hall.run('AppealEvaluation', { caseId, evaluationId: `${caseId}-e1`, reason: '评价与事实不符' }, clerk, at('04', '14:00'));
    }
    await hall.run('DecideAppeal', { caseId: 'c31', evaluationId: 'c31-e1', outcome: 'mistaken' }, approver, at('05', '10:00'));
    await hall.run('DecideAppeal', { caseId: 'c32', evaluationId: 'c32-e1', outcome: 'upheld' }, approver, at('05', '10:00'));
    const report = await hall.audit({ thresholds: { 'excludedShare.minBadReviews': 2, 'excludedShare.max': 0.4 } });
    expect(ids(about(report, 'c31'))).toEqual(['appealExcluded@1', 'excludedShare@1']);
    expect(about(report, 'c31').find((f) => f.definition === 'appealExcluded@1')).toMatchObject({ kind: 'badReviewRemoval', departmentId: 'market', positions: [expect.any(Number), expect.any(Number)] });
    expect(about(report, 'c32')).toEqual([]);
    expect(report.departments.find((d) => d.departmentId === 'market')).toMatchObject({ badReviews: 2, badReviewsExcluded: 1, excludedShare: 0.5 });
    // at the default share (more than half excluded) one of two is not a finding
    expect((await hall.audit()).findings.filter((f) => f.definition === 'excludedShare@1')).toEqual([]);
  });

  it('given an unknown threshold or a share above 1, when audited, then it is refused naming the key', async () => {
    expect(resolveThresholds({ 'burst.devices': 3 })).toMatchObject({ kind: 'auditThreshold', key: 'burst.devices' });
    expect(resolveThresholds({ 'excludedShare.max': 2 })).toMatchObject({ kind: 'auditThreshold', key: 'excludedShare.max' });
    expect(resolveThresholds({ 'burst.device': 2.5 })).toMatchObject({ kind: 'auditThreshold', key: 'burst.device' });
    const hall = await givenAuditHall();
    await expect(hall.audit({ thresholds: { nope: 1 } })).rejects.toBeInstanceOf(AuditOptionsError);
    await expect(hall.audit({ hall: 'h9' })).rejects.toThrow(/unknown hall/);
  });
});
