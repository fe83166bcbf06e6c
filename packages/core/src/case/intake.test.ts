import { describe, expect, it } from 'vitest';
import { actors } from '../org/hall.fixture';
import { acceptedCase, application, caseHarness, events, MONDAY, refusal, t } from './case.fixture';

describe('submission 收件', () => {
  it('given no case, when an application is submitted, then it is recorded with the item version in force', () => {
    const h = caseHarness();
    const [event] = events(h.attempt('SubmitApplication', application(), actors.market, t(MONDAY, '09:30')));
    expect(event).toEqual({ type: 'ApplicationSubmitted', data: { caseId: 'c1', ...application(), itemVersion: 1 } });
  });

  it('given a submitted case, when it is submitted again, then conflict submit.once and no events', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('SubmitApplication', application()))).toMatchObject({ kind: 'conflict', rule: 'submit.once', caseId: 'c1', state: 'submitted' });
  });

  it('given an item not in the catalogue, when submitted at the general window, then notFound submit.item.defined', () => {
    const result = caseHarness().attempt('SubmitApplication', application('NOPE'), actors.general);
    expect(refusal(result)).toMatchObject({ kind: 'notFound', rule: 'submit.item.defined', state: 'new' });
  });

  it('given a suspended item, when submitted, then illegalTransition submit.item.active', () => {
    expect(refusal(caseHarness().attempt('SubmitApplication', application('S1')))).toMatchObject({ kind: 'illegalTransition', rule: 'submit.item.active' });
  });

  it('given an agent channel without an agent, when submitted, then invalidCommand submit.agent.named', () => {
    const result = caseHarness().attempt('SubmitApplication', { ...application(), channel: 'agent' });
    expect(refusal(result)).toMatchObject({ kind: 'invalidCommand', rule: 'submit.agent.named' });
  });

  it('given no case, when any other command arrives, then notFound case.submittedFirst', () => {
    expect(refusal(caseHarness().attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market' }))).toMatchObject({
      kind: 'notFound', rule: 'case.submittedFirst', state: 'new', streamId: 'case-c1',
    });
  });
});

describe('correction before acceptance 补齐补正 (一次性告知)', () => {
  it('given a submitted case, when a correction is requested, then the case awaits it and no clock runs', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.run('RequestCorrection', { missing: ['身份证复印件'] });
    expect(h.state()).toMatchObject({ status: 'awaitingCorrection', correctionNotices: 1 });
    expect(h.state().clock).toBeUndefined();
  });

  it('given a correction already notified and supplied, when a second notice is requested, then conflict correction.oneTimeNotice', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.run('RequestCorrection', { missing: ['身份证复印件'] });
    h.run('SupplyCorrection', { materials: ['身份证复印件'] });
    expect(h.state().status).toBe('submitted');
    expect(refusal(h.attempt('RequestCorrection', { missing: ['章程'] }))).toMatchObject({ kind: 'conflict', rule: 'correction.oneTimeNotice' });
  });

  it('given an empty list of missing materials, when requested, then invalidCommand correction.missing.listed', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('RequestCorrection', { missing: [] }))).toMatchObject({ kind: 'invalidCommand', rule: 'correction.missing.listed' });
  });

  it('given a case not awaiting a correction, when materials are supplied, then illegalTransition correction.supply.onlyWhenRequested', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('SupplyCorrection', { materials: ['x'] }))).toMatchObject({ kind: 'illegalTransition', rule: 'correction.supply.onlyWhenRequested' });
  });

  it('given a case awaiting correction, when it is accepted, then illegalTransition accept.onlyWhenSubmitted', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.run('RequestCorrection', { missing: ['x'] });
    expect(refusal(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market' }))).toMatchObject({
      kind: 'illegalTransition', rule: 'accept.onlyWhenSubmitted', state: 'awaitingCorrection',
    });
  });
});

describe('acceptance 受理 snapshots limits, kind and calendar version', () => {
  it('given a 5/20 working-day item accepted on the Monday before National Day 2025, then the due times skip Oct 1–8 and count Sat Oct 11', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    const [accepted] = events(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market', receiptNo: 'R-1' }, actors.market, t(MONDAY, '10:00')));
    // Sep 30 = 1; Oct 1–8 off; Oct 9, 10, 11 (调休 Saturday), 13 = 2..5 (民法典 §201: the day of acceptance is not counted).
    expect(accepted).toMatchObject({
      type: 'CaseAccepted',
      data: {
        caseId: 'c1', hallId: 'h1', windowId: 'w-market', departmentId: 'market', staffId: 's-market', receiptNo: 'R-1', kind: 'promised',
        limits: { promised: { value: 5, unit: 'workingDays' }, statutory: { value: 20, unit: 'workingDays' } },
        promisedDueAt: '2025-10-13T17:30:00+08:00',
        statutoryDueAt: '2025-11-03T17:30:00+08:00',
        provisional: false,
      },
    });
    expect(accepted?.type === 'CaseAccepted' && accepted.data.calendarVersion).toMatch(/^cn@2026-/);
  });

  it('given an accepted case, when the catalogue later revises the item, then the case keeps its snapshot', () => {
    const h = acceptedCase();
    h.directory.apply({
      type: 'ServiceItemRevised',
      data: { hallId: 'h1', itemCode: 'P1', version: 2, name: 'P1', departmentId: 'market', kind: 'promised', limits: { promised: { value: 1, unit: 'workingDays' }, statutory: { value: 2, unit: 'workingDays' } }, effectiveFrom: '2025-09-30' },
    });
    h.run('CompleteStep', { step: '审查', action: 'pass' }, actors.market, t('2025-10-09', '10:00'));
    expect(h.state()).toMatchObject({ limits: { promised: { value: 5 } }, clock: { due: { promisedDueMs: Date.parse('2025-10-13T17:30:00+08:00') } } });
    expect(h.state().clock?.rebases).toBeUndefined();
  });

  it('given a general window, when accepted there, then the case goes to the item department (一窗受理)', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application(), actors.general);
    const [accepted] = events(h.attempt('AcceptCase', { windowId: 'w-general', staffId: 's-general' }, actors.general));
    expect(accepted).toMatchObject({ data: { departmentId: 'market', windowId: 'w-general' } });
  });

  it('given a rejected case, when it is accepted, then illegalTransition accept.onlyWhenSubmitted and no events', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.run('RejectCase', { reason: '不属于本机关职权范围', legalBasis: '行政许可法 §32' });
    expect(refusal(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market' }))).toMatchObject({
      kind: 'illegalTransition', rule: 'accept.onlyWhenSubmitted', state: 'rejected', caseId: 'c1',
    });
  });

  it('given a closed window, when accepted there, then notFound accept.window.open', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.directory.apply({ type: 'WindowClosed', data: { hallId: 'h1', windowId: 'w-market' } });
    expect(refusal(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market' }))).toMatchObject({ kind: 'notFound', rule: 'accept.window.open' });
  });

  it('given an unknown accepting staff, when accepted, then notFound accept.staff.registered', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 'ghost' }))).toMatchObject({ kind: 'notFound', rule: 'accept.staff.registered' });
  });

  it('given an item suspended after submission, when accepted, then illegalTransition accept.item.active', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.directory.apply({ type: 'ServiceItemSuspended', data: { hallId: 'h1', itemCode: 'P1', effectiveFrom: '2025-09-01' } });
    expect(refusal(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market' }))).toMatchObject({ kind: 'illegalTransition', rule: 'accept.item.active' });
  });

  it('given a year with no announced holidays, when accepted, then the due times are flagged provisional', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application(), actors.market, t('2027-03-01', '09:00'));
    const [accepted] = events(h.attempt('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, actors.market, t('2027-03-01', '10:00')));
    expect(accepted).toMatchObject({ data: { provisional: true } });
  });
});

describe('rejection 不予受理 and withdrawal 撤回', () => {
  it('given a submitted case, when rejected with reason and legal basis, then CaseRejected and the case is terminal', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    h.run('RejectCase', { reason: '不属于本机关职权范围', legalBasis: '行政许可法 §32' });
    expect(h.state().status).toBe('rejected');
    expect(refusal(h.attempt('WithdrawCase', { reason: '不办了' }))).toMatchObject({ kind: 'illegalTransition', rule: 'withdraw.onlyBeforeDecision' });
  });

  it('given an accepted case, when rejected, then illegalTransition reject.onlyBeforeAcceptance', () => {
    expect(refusal(acceptedCase().attempt('RejectCase', { reason: 'r', legalBasis: 'b' }))).toMatchObject({
      kind: 'illegalTransition', rule: 'reject.onlyBeforeAcceptance', state: 'accepted',
    });
  });

  it('given an accepted case with a suspension open, when withdrawn, then the suspension ends and the case is withdrawn', () => {
    const h = acceptedCase();
    h.run('SuspendClock', { procedure: 'hearing', legalBasis: '行政许可法 §47' }, actors.market, t('2025-09-30', '10:00'));
    h.run('WithdrawCase', { reason: '申请人撤回' }, actors.applicant, t('2025-10-09', '10:00'));
    expect(h.state().status).toBe('withdrawn');
    expect(h.state().clock?.suspensions.at(-1)?.toMs).toBe(Date.parse('2025-10-09T02:00:00Z'));
  });

  it('given a decided case, when withdrawn, then illegalTransition withdraw.onlyBeforeDecision', () => {
    const h = acceptedCase();
    h.run('MakeDecision', { outcome: 'approved' });
    expect(refusal(h.attempt('WithdrawCase', { reason: 'late' }, actors.applicant))).toMatchObject({ kind: 'illegalTransition', rule: 'withdraw.onlyBeforeDecision', state: 'decided' });
  });
});
