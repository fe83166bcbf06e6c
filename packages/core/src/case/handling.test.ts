import { describe, expect, it } from 'vitest';
import { clockSegments } from '../clock/case-clock-state';
import { actors } from '../org/hall.fixture';
import { acceptedCase, application, caseHarness, events, MONDAY, refusal, t } from './case.fixture';

const TUESDAY = '2025-09-30';

describe('transfer 转办/流转', () => {
  it('given an accepted case, when transferred to another department, then the holder changes and a new segment starts at the handover', () => {
    const h = acceptedCase();
    const [event] = events(h.attempt('TransferCase', { to: { departmentId: 'tax', staffId: 's-tax' }, reason: '涉税事项', handoverAt: t(TUESDAY, '09:00') }, actors.market, t(TUESDAY, '11:00')));
    expect(event).toEqual({
      type: 'CaseTransferred',
      data: { caseId: 'c1', from: { departmentId: 'market', windowId: 'w-market', staffId: 's-market' }, to: { departmentId: 'tax', staffId: 's-tax' }, reason: '涉税事项', handoverAt: t(TUESDAY, '09:00') },
    });
    h.run('TransferCase', { to: { departmentId: 'tax' }, reason: '涉税事项', handoverAt: t(TUESDAY, '09:00') }, actors.market, t(TUESDAY, '11:00'));
    expect(h.state().holder).toEqual({ departmentId: 'tax' });
    const segments = clockSegments(h.state().clock!);
    expect(segments.map((s) => s.departmentId)).toEqual(['market', 'tax']);
    expect(segments[0]?.toMs).toBe(Date.parse('2025-09-30T01:00:00Z'));
  });

  it('given a case held by market, when transferred to market, then invalidCommand transfer.toAnotherDepartment and no events', () => {
    expect(refusal(acceptedCase().attempt('TransferCase', { to: { departmentId: 'market' }, reason: 'x' }))).toMatchObject({
      kind: 'invalidCommand', rule: 'transfer.toAnotherDepartment', caseId: 'c1', state: 'accepted',
    });
  });

  it('given a handover time after the command, when transferred, then invalidCommand transfer.handoverNotAfterCommand', () => {
    const result = acceptedCase().attempt('TransferCase', { to: { departmentId: 'tax' }, reason: 'x', handoverAt: t(TUESDAY, '12:00') }, actors.market, t(TUESDAY, '11:00'));
    expect(refusal(result)).toMatchObject({ kind: 'invalidCommand', rule: 'transfer.handoverNotAfterCommand' });
  });

  it('given a receiving staff member of another department, when transferred, then invalidCommand transfer.staff.ofDepartment', () => {
    expect(refusal(acceptedCase().attempt('TransferCase', { to: { departmentId: 'tax', staffId: 's-market2' }, reason: 'x' }))).toMatchObject({
      kind: 'invalidCommand', rule: 'transfer.staff.ofDepartment',
    });
  });

  it('given an unknown department, when transferred, then notFound transfer.department.registered', () => {
    expect(refusal(acceptedCase().attempt('TransferCase', { to: { departmentId: 'mars' }, reason: 'x' }))).toMatchObject({ kind: 'notFound', rule: 'transfer.department.registered' });
  });

  it('given a submitted case, when transferred, then illegalTransition transfer.onlyWhileHandling', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('TransferCase', { to: { departmentId: 'tax' }, reason: 'x' }))).toMatchObject({ kind: 'illegalTransition', rule: 'transfer.onlyWhileHandling', state: 'submitted' });
  });
});

describe('steps 承办/审查/审批', () => {
  it('given an accepted case, when a step is completed, then the case is in progress', () => {
    const h = acceptedCase();
    h.run('CompleteStep', { step: '审查', action: 'pass', opinion: '材料齐全' });
    expect(h.state()).toMatchObject({ status: 'inProgress', steps: 1 });
  });

  it('given a suspended case, when a step is completed, then illegalTransition step.onlyWhileHandling', () => {
    const h = acceptedCase();
    h.run('SuspendClock', { procedure: 'inspection', legalBasis: '行政许可法 §45' });
    expect(refusal(h.attempt('CompleteStep', { step: '审查', action: 'pass' }))).toMatchObject({ kind: 'illegalTransition', rule: 'step.onlyWhileHandling', state: 'suspended' });
  });
});

describe('joint review 并联审批 and deemed consent 超时默认', () => {
  const withReview = () => {
    const h = acceptedCase();
    h.run('RequestJointReview', { departmentIds: ['tax', 'housing'], replyDueAt: t('2025-10-10', '17:30') });
    return h;
  };

  it('given a review requested of tax and housing, when tax consents, then its opinion is recorded and a decision still waits for housing', () => {
    const h = withReview();
    h.run('ReturnJointOpinion', { departmentId: 'tax', opinion: 'consent' }, actors.tax, t('2025-10-09', '10:00'));
    expect(h.state().jointReview?.departments).toEqual({ tax: { opinion: 'consent', deemed: false }, housing: { deemed: false } });
    expect(refusal(h.attempt('MakeDecision', { outcome: 'approved' }))).toMatchObject({ kind: 'illegalTransition', rule: 'decide.jointReviewPending' });
  });

  it('given a department that already replied, when it replies again, then conflict joint.reply.notReplied', () => {
    const h = withReview();
    h.run('ReturnJointOpinion', { departmentId: 'tax', opinion: 'consent' }, actors.tax);
    expect(refusal(h.attempt('ReturnJointOpinion', { departmentId: 'tax', opinion: 'dissent' }, actors.tax))).toMatchObject({ kind: 'conflict', rule: 'joint.reply.notReplied' });
  });

  it('given a silent department past its reply due time, when deemed consent is applied, then it carries the due time and counts as consent', () => {
    const h = withReview();
    const [event] = events(h.attempt('ApplyDeemedConsent', { departmentId: 'housing', policy: '并联审批超时默认同意' }, actors.system, t('2025-10-13', '09:00')));
    expect(event).toEqual({ type: 'DeemedConsentApplied', data: { caseId: 'c1', departmentId: 'housing', replyDueAt: t('2025-10-10', '17:30'), policy: '并联审批超时默认同意' } });
  });

  it('given a silent department before its reply due time, when deemed consent is applied, then illegalTransition joint.deemed.afterReplyDue', () => {
    const result = withReview().attempt('ApplyDeemedConsent', { departmentId: 'housing', policy: 'p' }, actors.system, t('2025-10-10', '17:00'));
    expect(refusal(result)).toMatchObject({ kind: 'illegalTransition', rule: 'joint.deemed.afterReplyDue' });
  });

  it('given a department that replied, when deemed consent is applied to it, then conflict joint.deemed.notReplied', () => {
    const h = withReview();
    h.run('ReturnJointOpinion', { departmentId: 'tax', opinion: 'dissent' }, actors.tax);
    expect(refusal(h.attempt('ApplyDeemedConsent', { departmentId: 'tax', policy: 'p' }, actors.system, t('2025-10-13', '09:00')))).toMatchObject({ kind: 'conflict', rule: 'joint.deemed.notReplied' });
  });

  it('given a department not consulted, when deemed consent is applied, then notFound joint.deemed.consulted', () => {
    expect(refusal(withReview().attempt('ApplyDeemedConsent', { departmentId: 'market', policy: 'p' }, actors.system, t('2025-10-13', '09:00')))).toMatchObject({ kind: 'notFound', rule: 'joint.deemed.consulted' });
  });

  it('given a pending review, when another is requested, then conflict joint.request.onePending', () => {
    expect(refusal(withReview().attempt('RequestJointReview', { departmentIds: ['tax'], replyDueAt: t('2025-10-20', '17:30') }))).toMatchObject({ kind: 'conflict', rule: 'joint.request.onePending' });
  });

  it('given the holder among the consulted, when requested, then invalidCommand joint.departments.notHolder', () => {
    expect(refusal(acceptedCase().attempt('RequestJointReview', { departmentIds: ['market'], replyDueAt: t('2025-10-20', '17:30') }))).toMatchObject({ kind: 'invalidCommand', rule: 'joint.departments.notHolder' });
  });

  it('given a reply due time in the past, when requested, then invalidCommand joint.replyDue.future', () => {
    expect(refusal(acceptedCase().attempt('RequestJointReview', { departmentIds: ['tax'], replyDueAt: t(MONDAY, '09:00') }))).toMatchObject({ kind: 'invalidCommand', rule: 'joint.replyDue.future' });
  });
});

describe('escalation 上报', () => {
  it('given an escalated case, when escalated again, then conflict escalate.notWhileEscalated; when returned by the authority, then it can be decided', () => {
    const h = acceptedCase();
    h.run('EscalateCase', { authority: '市市场监管局', reason: '权限外' });
    expect(refusal(h.attempt('EscalateCase', { authority: '省局' }))).toMatchObject({ kind: 'conflict', rule: 'escalate.notWhileEscalated' });
    expect(refusal(h.attempt('MakeDecision', { outcome: 'approved' }))).toMatchObject({ kind: 'illegalTransition', rule: 'decide.notWhileEscalated' });
    h.run('ReturnEscalation', { authority: '市市场监管局', decision: 'approved' });
    expect(events(h.attempt('MakeDecision', { outcome: 'approved' }))).toHaveLength(1);
  });

  it('given no escalation, when an escalation is returned, then illegalTransition escalation.return.onlyWhenEscalated', () => {
    expect(refusal(acceptedCase().attempt('ReturnEscalation', { authority: 'x', decision: 'approved' }))).toMatchObject({ kind: 'illegalTransition', rule: 'escalation.return.onlyWhenEscalated' });
  });

  it('given an escalation to one authority, when another returns it, then invalidCommand escalation.return.sameAuthority', () => {
    const h = acceptedCase();
    h.run('EscalateCase', { authority: '市局' });
    expect(refusal(h.attempt('ReturnEscalation', { authority: '省局', decision: 'denied' }))).toMatchObject({ kind: 'invalidCommand', rule: 'escalation.return.sameAuthority' });
  });
});

describe('decision 决定 and completion 办结', () => {
  it('given a denial without legal basis, when decided, then invalidCommand decide.denial.legalBasis', () => {
    expect(refusal(acceptedCase().attempt('MakeDecision', { outcome: 'denied' }))).toMatchObject({ kind: 'invalidCommand', rule: 'decide.denial.legalBasis' });
  });

  it('given a decided case, when decided again, then illegalTransition decide.onlyWhileHandling', () => {
    const h = acceptedCase();
    h.run('MakeDecision', { outcome: 'approved' });
    expect(refusal(h.attempt('MakeDecision', { outcome: 'approved' }))).toMatchObject({ kind: 'illegalTransition', rule: 'decide.onlyWhileHandling', state: 'decided' });
  });

  it('given a submitted case, when completed issued, then illegalTransition complete.notBeforeAcceptance and no events', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('CompleteCase', { result: 'issued' }))).toMatchObject({ kind: 'illegalTransition', rule: 'complete.notBeforeAcceptance', state: 'submitted', caseId: 'c1' });
  });

  it('given a submitted case, when completed returned or voided, then it closes (退回/作废 need no acceptance)', () => {
    for (const result of ['returned', 'voided'] as const) {
      const h = caseHarness();
      h.run('SubmitApplication', application());
      h.run('CompleteCase', { result });
      expect(h.state()).toMatchObject({ status: 'completed', result });
    }
  });

  it('given a case awaiting correction, when completed correctionNotSupplied, then it closes; a submitted case cannot', () => {
    const h = caseHarness();
    h.run('SubmitApplication', application());
    expect(refusal(h.attempt('CompleteCase', { result: 'correctionNotSupplied' }))).toMatchObject({ kind: 'illegalTransition', rule: 'complete.correctionNotSupplied.onlyWhenAwaited' });
    h.run('RequestCorrection', { missing: ['x'] });
    h.run('CompleteCase', { result: 'correctionNotSupplied' });
    expect(h.state().result).toBe('correctionNotSupplied');
  });

  it('given an approved decision, when completed denied, then invalidCommand complete.resultMatchesDecision', () => {
    const h = acceptedCase();
    h.run('MakeDecision', { outcome: 'approved' });
    expect(refusal(h.attempt('CompleteCase', { result: 'denied' }))).toMatchObject({ kind: 'invalidCommand', rule: 'complete.resultMatchesDecision' });
  });

  it('given a promised case without a decision, when completed issued, then illegalTransition complete.needsDecision; an immediate case completes directly', () => {
    expect(refusal(acceptedCase().attempt('CompleteCase', { result: 'issued' }))).toMatchObject({ kind: 'illegalTransition', rule: 'complete.needsDecision' });
    const immediate = acceptedCase({}, 'I1');
    immediate.run('CompleteCase', { result: 'issued', licence: { name: '营业执照', number: 'L-1' } });
    expect(immediate.state()).toMatchObject({ status: 'completed', kind: 'immediate' });
  });

  it('given a case never escalated, when completed forwarded, then illegalTransition complete.forwarded.needsEscalation', () => {
    expect(refusal(acceptedCase().attempt('CompleteCase', { result: 'forwarded' }))).toMatchObject({ kind: 'illegalTransition', rule: 'complete.forwarded.needsEscalation' });
  });

  it('given a suspended case, when completed issued, then illegalTransition complete.notWhileSuspended', () => {
    const h = acceptedCase();
    h.run('SuspendClock', { procedure: 'hearing', legalBasis: '行政许可法 §47' });
    expect(refusal(h.attempt('CompleteCase', { result: 'issued' }))).toMatchObject({ kind: 'illegalTransition', rule: 'complete.notWhileSuspended' });
  });

  it('given a denied result, when it carries a licence, then invalidCommand complete.licence.onlyWhenIssued', () => {
    const h = acceptedCase();
    h.run('MakeDecision', { outcome: 'denied', legalBasis: '行政许可法 §38' });
    expect(refusal(h.attempt('CompleteCase', { result: 'denied', licence: { name: 'x', number: 'y' } }))).toMatchObject({ kind: 'invalidCommand', rule: 'complete.licence.onlyWhenIssued' });
  });

  it('given a completed case, when completed again, then illegalTransition complete.onlyWhenOpen', () => {
    const h = acceptedCase({}, 'I1');
    h.run('CompleteCase', { result: 'issued' });
    expect(refusal(h.attempt('CompleteCase', { result: 'issued' }))).toMatchObject({ kind: 'illegalTransition', rule: 'complete.onlyWhenOpen', state: 'completed' });
  });
});

describe('delivery 送达, no-show 逾期未领取 and visits 到厅', () => {
  const completed = () => {
    const h = acceptedCase({}, 'I1');
    h.run('CompleteCase', { result: 'issued' }, actors.market, t(MONDAY, '11:00'));
    return h;
  };

  it('given a completed case, when delivered, then delivered; delivering again is illegalTransition deliver.onlyWhenCompleted', () => {
    const h = completed();
    h.run('DeliverResult', { method: 'window' }, actors.market, t(MONDAY, '15:00'));
    expect(h.state()).toMatchObject({ status: 'delivered', deliveredAt: t(MONDAY, '15:00') });
    expect(refusal(h.attempt('DeliverResult', { method: 'mail' }))).toMatchObject({ kind: 'illegalTransition', rule: 'deliver.onlyWhenCompleted' });
  });

  it('given an accepted case, when delivered, then illegalTransition deliver.onlyWhenCompleted', () => {
    expect(refusal(acceptedCase().attempt('DeliverResult', { method: 'window' }))).toMatchObject({ kind: 'illegalTransition', rule: 'deliver.onlyWhenCompleted', state: 'accepted' });
  });

  it('given a recorded no-show, when recorded again, then conflict noShow.once', () => {
    const h = completed();
    h.run('RecordNoShow', { notifiedDate: '2025-10-09' });
    expect(h.state().noShow).toBe('2025-10-09');
    expect(refusal(h.attempt('RecordNoShow', { notifiedDate: '2025-10-10' }))).toMatchObject({ kind: 'conflict', rule: 'noShow.once' });
  });

  it('given an open case, when a collect visit is recorded, then illegalTransition visit.collect.afterCompletion; a supplement visit is counted', () => {
    const h = acceptedCase();
    expect(refusal(h.attempt('RecordVisit', { purpose: 'collect' }))).toMatchObject({ kind: 'illegalTransition', rule: 'visit.collect.afterCompletion' });
    h.run('RecordVisit', { purpose: 'supplement' });
    expect(h.state().visits).toBe(1);
  });
});
