import { describe, expect, it } from 'vitest';
import { acceptedCase, application, caseHarness, refusal, t } from '../case/case.fixture';
import { caseCommandTypes } from '../case/commands';
import type { Actor } from '../events/primitives';
import { actors, command, HALL, hallDirectory } from '../org/hall.fixture';
import { defaultAuthorizationPolicy } from './default-policy';
import { refuse, type AuthorizationSubject } from './policy';

const directory = hallDirectory();
const AT = t('2025-09-29', '10:00');

/** A case held by market, handled by s-market, applied for by app-ref-1 through agent-7. */
const held: AuthorizationSubject = { hallId: HALL, departmentId: 'market', stage: 'handling', handlingStaffId: 's-market', applicantRef: 'app-ref-1', agentId: 'agent-7' };
const intake: AuthorizationSubject = { ...held, stage: 'intake', handlingStaffId: undefined };

const decide = (type: string, actor: Actor, subject: AuthorizationSubject = held, data: Record<string, unknown> = {}) =>
  defaultAuthorizationPolicy({ command: command(type, { caseId: 'c1', ...data }, actor, AT), subject, directory });

const refusedWith = (rule: string) => ({ allowed: false, rule });

describe('window staff act on cases their department holds', () => {
  it('given market staff on a market case, then a step is allowed; tax staff are refused auth.staff.notHolder', () => {
    expect(decide('CompleteStep', actors.market)).toEqual({ allowed: true });
    expect(decide('CompleteStep', actors.tax)).toMatchObject(refusedWith('auth.staff.notHolder'));
  });

  it('given a general window 综合窗口, then it may do intake for any department but not handle after acceptance', () => {
    expect(decide('AcceptCase', actors.general, intake)).toEqual({ allowed: true });
    expect(decide('CompleteStep', actors.general, held)).toMatchObject(refusedWith('auth.staff.notHolder'));
  });

  it('given a transferred case, then the old holder is refused and the new holder allowed (through the decider)', () => {
    const h = acceptedCase();
    h.run('TransferCase', { to: { departmentId: 'tax' }, reason: '涉税' });
    const error = refusal(h.attempt('CompleteStep', { step: '审查', action: 'pass' }, actors.market));
    expect(error).toMatchObject({ kind: 'forbidden', rule: 'auth.staff.notHolder', command: 'CompleteStep', actor: actors.market, caseId: 'c1', state: 'inProgress' });
    expect(error.message).toContain('staff s-market may not CompleteStep');
    h.run('CompleteStep', { step: '审查', action: 'pass' }, actors.tax);
    expect(h.state().steps).toBe(1);
  });

  it('given staff not registered at the hall, then auth.staff.unknown', () => {
    expect(decide('CompleteStep', { kind: 'staff', id: 'ghost' })).toMatchObject(refusedWith('auth.staff.unknown'));
  });

  it('given a 代办员 on the staff, then submitting is allowed and accepting is refused auth.staffAgent.intakeOnly', () => {
    expect(decide('SubmitApplication', actors.staffAgent, intake)).toEqual({ allowed: true });
    expect(decide('AcceptCase', actors.staffAgent, intake)).toMatchObject(refusedWith('auth.staffAgent.intakeOnly'));
  });

  it('given staff, then evaluating their own service is refused auth.evaluation.notByStaff', () => {
    expect(decide('SubmitEvaluation', actors.market, held, { channel: 'pc' })).toMatchObject(refusedWith('auth.evaluation.notByStaff'));
  });
});

describe('only an approver other than the handling staff extends a limit', () => {
  it('given window staff, then auth.approver.required', () => {
    expect(decide('ExtendTimeLimit', actors.market2)).toMatchObject(refusedWith('auth.approver.required'));
  });

  it('given the approver handling the case, then auth.approver.notHandlingStaff; another approver is allowed', () => {
    expect(decide('ExtendTimeLimit', actors.approver, { ...held, handlingStaffId: 'approver-market' })).toMatchObject(refusedWith('auth.approver.notHandlingStaff'));
    expect(decide('ExtendTimeLimit', actors.approver)).toEqual({ allowed: true });
  });
});

describe('supervisors and auditors read but never change a case', () => {
  it.each([['supervisor', actors.supervisor], ['auditor', actors.auditor]])('given a %s, then every case command is refused auth.readOnlyRole', (_, actor) => {
    for (const type of caseCommandTypes) expect(decide(type, actor)).toMatchObject(refusedWith('auth.readOnlyRole'));
  });

  it('given an auditor through the decider, then the refusal is a typed forbidden error and no events', () => {
    expect(refusal(acceptedCase().attempt('CompleteStep', { step: 's', action: 'pass' }, actors.auditor))).toMatchObject({
      kind: 'forbidden', rule: 'auth.readOnlyRole', actor: actors.auditor, command: 'CompleteStep',
    });
  });
});

describe('applicants act only on their own cases', () => {
  it.each(['SubmitApplication', 'WithdrawCase', 'SupplyCorrection', 'AppealEvaluation', 'FileComplaint'])('given the applicant of the case, then %s is allowed; another applicant is refused', (type) => {
    expect(decide(type, actors.applicant)).toEqual({ allowed: true });
    expect(decide(type, actors.otherApplicant)).toMatchObject(refusedWith('auth.applicant.ownCaseOnly'));
  });

  it('given the applicant, then evaluating through mobile is allowed and through a device channel refused auth.evaluation.channel', () => {
    expect(decide('SubmitEvaluation', actors.applicant, held, { channel: 'mobile' })).toEqual({ allowed: true });
    expect(decide('SubmitEvaluation', actors.applicant, held, { channel: 'device' })).toMatchObject(refusedWith('auth.evaluation.channel'));
  });

  it('given the applicant, then handling commands are refused auth.applicant.notPermitted', () => {
    expect(decide('AcceptCase', actors.applicant, intake)).toMatchObject(refusedWith('auth.applicant.notPermitted'));
  });

  it('given another applicant submitting in someone else’s name, then the decider refuses it', () => {
    const result = caseHarness().attempt('SubmitApplication', application(), actors.otherApplicant);
    expect(refusal(result)).toMatchObject({ kind: 'forbidden', rule: 'auth.applicant.ownCaseOnly', state: 'new' });
  });

  it('given the agent 代办 named at submission, then it may withdraw; another agent may not', () => {
    expect(decide('WithdrawCase', actors.agent)).toEqual({ allowed: true });
    expect(decide('WithdrawCase', { kind: 'agent', id: 'agent-8' })).toMatchObject(refusedWith('auth.agent.ownCaseOnly'));
    expect(decide('SubmitEvaluation', actors.agent)).toMatchObject(refusedWith('auth.agent.notPermitted'));
  });
});

describe('system and device actors', () => {
  it.each(['RaiseAlert', 'ClearAlert', 'RecomputeDeadline'])('given %s, then the system may and window staff may not (auth.systemOnly)', (type) => {
    expect(decide(type, actors.system)).toEqual({ allowed: true });
    expect(decide(type, actors.market)).toMatchObject(refusedWith('auth.systemOnly'));
  });

  it('given the system, then deemed consent and systemDefault evaluations are allowed, other channels and handling refused', () => {
    expect(decide('ApplyDeemedConsent', actors.system)).toEqual({ allowed: true });
    expect(decide('SubmitEvaluation', actors.system, held, { channel: 'systemDefault' })).toEqual({ allowed: true });
    expect(decide('SubmitEvaluation', actors.system, held, { channel: 'mobile' })).toMatchObject(refusedWith('auth.evaluation.channel'));
    expect(decide('CompleteCase', actors.system)).toMatchObject(refusedWith('auth.system.notPermitted'));
  });

  it('given the device at the market window, then it evaluates for that window only', () => {
    expect(decide('SubmitEvaluation', actors.device, held, { channel: 'device', windowId: 'w-market' })).toEqual({ allowed: true });
    expect(decide('SubmitEvaluation', actors.device, held, { channel: 'device', windowId: 'w-tax' })).toMatchObject(refusedWith('auth.device.ownWindowOnly'));
    expect(decide('CompleteStep', actors.device)).toMatchObject(refusedWith('auth.device.evaluateOnly'));
    expect(decide('SubmitEvaluation', { kind: 'device', id: 'pad-x' }, held, { channel: 'device', windowId: 'w-market' })).toMatchObject(refusedWith('auth.device.unknown'));
  });

  it('given a consulted department, then it returns its own opinion, not another’s', () => {
    expect(decide('ReturnJointOpinion', actors.housing, held, { departmentId: 'housing' })).toEqual({ allowed: true });
    expect(decide('ReturnJointOpinion', actors.housing, held, { departmentId: 'tax' })).toMatchObject(refusedWith('auth.department.ownOpinionOnly'));
    expect(decide('ReturnJointOpinion', actors.market, held, { departmentId: 'tax' })).toMatchObject(refusedWith('auth.jointOpinion.consultedDepartmentOnly'));
  });

  it('given hall administration, then the system may and staff may not (auth.orgAdmin.systemOnly)', () => {
    expect(decide('OpenWindow', actors.system, { hallId: HALL })).toEqual({ allowed: true });
    expect(decide('OpenWindow', actors.market, { hallId: HALL })).toMatchObject(refusedWith('auth.orgAdmin.systemOnly'));
  });
});

describe('a hall can replace the policy', () => {
  it('given a policy that refuses withdrawals, then the decider uses it', () => {
    const h = acceptedCase({ authorization: (req) => (req.command.type === 'WithdrawCase' ? refuse('hall.noWithdrawal', 'not here') : defaultAuthorizationPolicy(req)) });
    expect(refusal(h.attempt('WithdrawCase', { reason: 'r' }, actors.applicant))).toMatchObject({ kind: 'forbidden', rule: 'hall.noWithdrawal' });
  });
});
