import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../calendar/china';
import type { WorkCalendar } from '../calendar/work-calendar';
import { caseClockAt } from '../clock/case-clock-view';
import { createWorkClock } from '../clock/work-clock';
import { actors } from '../org/hall.fixture';
import { acceptedCase, caseHarness, events, MONDAY, refusal, t } from './case.fixture';
import { CORRECTION_RESTART_REASON } from '../clock/case-clock-state';
import type { CaseState } from './state';

const TUESDAY = '2025-09-30';
const clock = createWorkClock({ calendar: chinaCalendar() });
const effectivePromised = (s: CaseState, atMs = Date.parse('2026-01-01T00:00:00Z')) => clock.toInstant(caseClockAt(s.clock!, () => clock, atMs).promised.dueAtMs);

describe('suspension 挂起 and resumption', () => {
  it('given a suspension from Tue 10:00 to Thu Oct 9 10:00, then the promised due time moves by the 7 suspended office hours', () => {
    const h = acceptedCase();
    h.run('SuspendClock', { procedure: 'expertReview', legalBasis: '行政许可法 §45' }, actors.market, t(TUESDAY, '10:00'));
    expect(h.state()).toMatchObject({ status: 'suspended', suspension: { procedure: 'expertReview' } });
    h.run('ResumeClock', {}, actors.market, t('2025-10-09', '10:00'));
    expect(h.state().status).toBe('inProgress');
    // Sep 30 10:00–17:30 is 6 office hours, Oct 9 09:00–10:00 one more: 7 h = one working day.
    expect(effectivePromised(h.state())).toBe('2025-10-14T17:30:00+08:00');
  });

  it('given a suspended case, when suspended again, then illegalTransition suspend.notWhileSuspended and no events', () => {
    const h = acceptedCase();
    h.run('SuspendClock', { procedure: 'hearing', legalBasis: '行政许可法 §47' });
    expect(refusal(h.attempt('SuspendClock', { procedure: 'testing', legalBasis: 'x' }))).toMatchObject({ kind: 'illegalTransition', rule: 'suspend.notWhileSuspended', state: 'suspended' });
  });

  it('given a clock that is not suspended, when resumed, then illegalTransition resume.onlyWhenSuspended and no events', () => {
    expect(refusal(acceptedCase().attempt('ResumeClock', {}))).toMatchObject({ kind: 'illegalTransition', rule: 'resume.onlyWhenSuspended', state: 'accepted', caseId: 'c1' });
  });

  it('given the applicant notified after the command time, when suspended, then invalidCommand suspend.applicantNotified', () => {
    const result = acceptedCase().attempt('SuspendClock', { procedure: 'hearing', legalBasis: 'b', applicantNotifiedAt: t(TUESDAY, '10:00') }, actors.market, t(MONDAY, '11:00'));
    expect(refusal(result)).toMatchObject({ kind: 'invalidCommand', rule: 'suspend.applicantNotified' });
  });

  it('given a correction suspension asked for through SuspendClock, then invalidCommand suspend.correctionThroughRequest', () => {
    expect(refusal(acceptedCase().attempt('SuspendClock', { procedure: 'correctionAfterAcceptance', legalBasis: 'b' }))).toMatchObject({
      kind: 'invalidCommand', rule: 'suspend.correctionThroughRequest',
    });
  });
});

describe('correction after acceptance 受理后补正 suspends; the hall policy restarts or resumes the clock', () => {
  const correctionRequested = (policy: 'restart' | 'resume') => {
    const h = acceptedCase({ hallPolicy: () => ({ correctionAfterAcceptance: policy }) });
    const requested = h.run('RequestCorrection', { missing: ['图纸'], legalBasis: '行政许可法 §32' }, actors.market, t(TUESDAY, '10:00'));
    expect(requested.map((e) => e.type)).toEqual(['CorrectionRequested', 'ClockSuspended']);
    expect(requested[1]).toMatchObject({ data: { procedure: 'correctionAfterAcceptance', applicantNotifiedAt: t(TUESDAY, '10:00') } });
    return h;
  };

  it('given policy restart, when materials are supplied on Oct 9, then the limit runs again from the supplement', () => {
    const h = correctionRequested('restart');
    const supplied = h.run('SupplyCorrection', { materials: ['图纸'] }, actors.applicant, t('2025-10-09', '10:00'));
    expect(supplied[2]).toEqual({
      type: 'DeadlineRecomputed',
      data: {
        caseId: 'c1',
        previous: { promisedDueAt: '2025-10-13T17:30:00+08:00', statutoryDueAt: '2025-11-03T17:30:00+08:00', calendarVersion: chinaCalendar().version },
        next: { promisedDueAt: '2025-10-15T17:30:00+08:00', statutoryDueAt: '2025-11-05T17:30:00+08:00', calendarVersion: chinaCalendar().version },
        reason: CORRECTION_RESTART_REASON,
      },
    });
    expect(h.state().status).toBe('inProgress');
    expect(effectivePromised(h.state())).toBe('2025-10-15T17:30:00+08:00');
  });

  it('given policy resume, when materials are supplied on Oct 9, then only the suspended office time is added', () => {
    const h = correctionRequested('resume');
    const supplied = h.run('SupplyCorrection', { materials: ['图纸'] }, actors.applicant, t('2025-10-09', '10:00'));
    expect(supplied.map((e) => e.type)).toEqual(['CorrectionSupplied', 'ClockResumed']);
    expect(effectivePromised(h.state())).toBe('2025-10-14T17:30:00+08:00');
  });

  it('given a correction suspension, when the clock is resumed without materials, then illegalTransition resume.correctionNeedsSupply', () => {
    expect(refusal(correctionRequested('restart').attempt('ResumeClock', {}))).toMatchObject({ kind: 'illegalTransition', rule: 'resume.correctionNeedsSupply' });
  });

  it('given an accepted case, when a correction is requested without legal basis, then invalidCommand correction.afterAcceptance.legalBasis', () => {
    expect(refusal(acceptedCase().attempt('RequestCorrection', { missing: ['x'] }))).toMatchObject({ kind: 'invalidCommand', rule: 'correction.afterAcceptance.legalBasis' });
  });

  it('given a correction suspension, when the case ends correctionNotSupplied, then the suspension closes at completion', () => {
    const h = correctionRequested('restart');
    h.run('CompleteCase', { result: 'correctionNotSupplied' }, actors.market, t('2025-10-20', '10:00'));
    expect(h.state()).toMatchObject({ status: 'completed', result: 'correctionNotSupplied' });
    expect(h.state().clock?.suspensions.at(-1)?.toMs).toBe(Date.parse('2025-10-20T02:00:00Z'));
  });
});

describe('extension 延期 (行政许可法 §42)', () => {
  it('given an approver other than the handling staff, when 5 working days are added in time, then the effective due time moves from the previous due time', () => {
    const h = acceptedCase();
    h.run('ExtendTimeLimit', { by: { value: 5, unit: 'workingDays' }, approvedBy: 'approver-market', reason: '需现场核查' }, actors.approver, t('2025-10-09', '10:00'));
    expect(h.state().extensions).toEqual([{ by: { value: 5, unit: 'workingDays' }, approvedBy: 'approver-market', requestedAt: t('2025-10-09', '10:00') }]);
    expect(effectivePromised(h.state())).toBe('2025-10-20T17:30:00+08:00');
  });

  it('given a request after the effective due time, when extended, then it is recorded late and the case stays overdue', () => {
    const h = acceptedCase();
    h.run('ExtendTimeLimit', { by: { value: 5, unit: 'workingDays' }, approvedBy: 'approver-market', reason: '补办延期' }, actors.approver, t('2025-10-14', '10:00'));
    expect(caseClockAt(h.state().clock!, () => clock, Date.parse('2025-10-14T02:00:00Z'))).toMatchObject({ lateExtensions: 1, grantedExtensions: 0, promised: { overdue: true } });
    expect(effectivePromised(h.state())).toBe('2025-10-13T17:30:00+08:00');
  });

  it('given approval by someone who is not an approver, then invalidCommand extend.approvedBy.approver', () => {
    const result = acceptedCase().attempt('ExtendTimeLimit', { by: { value: 1, unit: 'workingDays' }, approvedBy: 's-market2', reason: 'r' }, actors.approver);
    expect(refusal(result)).toMatchObject({ kind: 'invalidCommand', rule: 'extend.approvedBy.approver' });
  });

  it('given the handling staff named as approver, then invalidCommand extend.approvedBy.notHandlingStaff', () => {
    const h = caseHarness();
    h.run('SubmitApplication', { caseNo: 'n', hallId: 'h1', itemCode: 'P1', channel: 'window', applicant: { type: 'person', ref: 'app-ref-1' }, materials: [] });
    h.run('AcceptCase', { windowId: 'w-market', staffId: 'approver-market' });
    const result = h.attempt('ExtendTimeLimit', { by: { value: 1, unit: 'workingDays' }, approvedBy: 'approver-market', reason: 'r' }, actors.approver2);
    expect(refusal(result)).toMatchObject({ kind: 'invalidCommand', rule: 'extend.approvedBy.notHandlingStaff' });
  });

  it('given a completed case, when extended, then illegalTransition extend.onlyWhileOpen', () => {
    const h = acceptedCase({}, 'I1');
    h.run('CompleteCase', { result: 'issued' });
    expect(refusal(h.attempt('ExtendTimeLimit', { by: { value: 1, unit: 'workingDays' }, approvedBy: 'approver-market', reason: 'r' }, actors.approver))).toMatchObject({
      kind: 'illegalTransition', rule: 'extend.onlyWhileOpen',
    });
  });
});

describe('deadline recomputation 时限重算 when the calendar changes', () => {
  const adHocHoliday = chinaCalendar().withOverlay({ name: '临时休假', papers: ['https://example.gov.cn/notice'], days: [{ name: '临时休假', date: '2025-10-10', isOffDay: true }] });

  const switchable = () => {
    let calendar: WorkCalendar = chinaCalendar();
    const h = acceptedCase({ clockFor: () => createWorkClock({ calendar }) });
    return { h, declare: (next: WorkCalendar) => (calendar = next) };
  };

  it('given an ad-hoc holiday on Oct 10, when recomputed, then both due times move a working day with both calendar versions', () => {
    const { h, declare } = switchable();
    declare(adHocHoliday);
    const [event] = events(h.attempt('RecomputeDeadline', { reason: '临时休假' }, actors.system));
    expect(event).toEqual({
      type: 'DeadlineRecomputed',
      data: {
        caseId: 'c1',
        previous: { promisedDueAt: '2025-10-13T17:30:00+08:00', statutoryDueAt: '2025-11-03T17:30:00+08:00', calendarVersion: chinaCalendar().version },
        next: { promisedDueAt: '2025-10-14T17:30:00+08:00', statutoryDueAt: '2025-11-04T17:30:00+08:00', calendarVersion: adHocHoliday.version },
        reason: '临时休假',
      },
    });
  });

  it('given an unchanged calendar, when recomputed, then nothing is appended', () => {
    expect(events(switchable().h.attempt('RecomputeDeadline', { reason: 'check' }, actors.system))).toEqual([]);
  });

  it('given a completed case, when recomputed, then illegalTransition recompute.onlyOpenAccepted (completed figures stay)', () => {
    const h = acceptedCase({}, 'I1');
    h.run('CompleteCase', { result: 'issued' });
    expect(refusal(h.attempt('RecomputeDeadline', { reason: 'x' }, actors.system))).toMatchObject({ kind: 'illegalTransition', rule: 'recompute.onlyOpenAccepted', state: 'completed' });
  });
});
