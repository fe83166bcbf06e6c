import { caseClockAt, parseInstant, SHIPPED_CHINA_YEARS, type Actor, type HolidayYear, type StoredEvent } from '@banjian/core';
import { ADMIN, APPLICANT, APPROVER, CLERK, CLERK_TAX, SCHEDULER, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';

const T = (local: string) => `${local}:00+08:00`;
const APPROVER_TAX: Actor = { kind: 'staff', id: 'approver-t' };
const CLERK_GENERAL: Actor = { kind: 'staff', id: 'clerk-g' };
const SYSTEM: Actor = { kind: 'system', id: 'deadline-recompute' };
/** The evaluation pad 评价器 at the general window. */
const PAD: Actor = { kind: 'device', id: 'pad-g' };
const TAX_DESK = { departmentId: 'tax', windowId: 'w-t', staffId: 'clerk-t' };

/** A command sent when the engine's clock reads `recordedAt` (its business time `at` may be earlier: a late entry). */
interface Step {
  readonly recordedAt: number;
  readonly send: (hall: EngineHall) => Promise<unknown>;
}

const command = (at: string, type: string, data: Record<string, unknown> | ((hall: EngineHall) => Promise<Record<string, unknown>>), actor: Actor, recordedAt = at): Step => ({
  recordedAt: parseInstant(T(recordedAt)),
  send: async (hall) => hall.run(type, typeof data === 'function' ? await data(hall) : data, actor, T(at), T(recordedAt)),
});

/** The commands of one case, each with `caseId` filled in. */
const caseOf = (caseId: string) => {
  const on = (at: string, type: string, data: Record<string, unknown> = {}, actor: Actor = CLERK, recordedAt?: string) => command(at, type, { caseId, ...data }, actor, recordedAt);
  return {
    on,
    submit: (at: string, itemCode: string, extra: Record<string, unknown> = {}) =>
      on(at, 'SubmitApplication', { caseNo: `NO-${caseId}`, hallId: 'h1', itemCode, channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请书'], ...extra }, itemCode.startsWith('TX') ? CLERK_TAX : CLERK),
    accept: (at: string, clerk: Actor = CLERK) => on(at, 'AcceptCase', { windowId: clerk === CLERK_TAX ? 'w-t' : 'w-m', staffId: clerk.id }, clerk),
    evaluate: (at: string, evaluationId: string, level: number, extra: Record<string, unknown> = {}, actor: Actor = APPLICANT(`p-${caseId}`)) =>
      on(at, 'SubmitEvaluation', { evaluationId, level, channel: 'mobile', round: 'first', realName: true, ...extra }, actor),
    /** The 电子监察 scheduler's alert on the promised limit, due when the one clock says at `at`. */
    alert: (at: string, alertId: string, level: string) =>
      command(at, 'RaiseAlert', async (hall) => {
        const clock = (await hall.coreState(caseId)).clock!;
        const due = caseClockAt(clock, (v) => hall.clockFor('h1', v), parseInstant(T(at))).promised.dueAtMs;
        return { caseId, alertId, rule: 'promised', level, dueAt: hall.clockFor('h1').toInstant(due), departmentId: clock.departmentId };
      }, SCHEDULER),
  };
};

const NOTICE_2024 = (SHIPPED_CHINA_YEARS as HolidayYear[]).find((y) => y.year === 2024)!;

/** Context sent by the administration: items defined, revised, suspended and repealed, a township hall, calendar notices. */
const context: Step[] = [
  command('2024-03-01T08:00', 'InstallDevice', { hallId: 'h1', deviceId: 'pad-g', windowId: 'w-g' }, ADMIN),
  command('2024-03-05T08:00', 'DefineServiceItem', {
    hallId: 'h1', itemCode: 'SC-9', version: 1, name: '临时占道许可', departmentId: 'market', kind: 'promised',
    limits: { statutory: { value: 5, unit: 'workingDays' }, promised: { value: 2, unit: 'workingDays' } }, effectiveFrom: '2024-03-05',
  }, ADMIN),
  command('2024-03-08T17:45', 'ReviseServiceItem', {
    hallId: 'h1', itemCode: 'SC-3', version: 2, name: '个体工商户登记', departmentId: 'market', kind: 'promised',
    limits: { statutory: { value: 10, unit: 'workingDays' }, promised: { value: 2, unit: 'workingDays' } }, effectiveFrom: '2024-03-11',
  }, ADMIN),
  command('2024-03-13T08:00', 'RegisterHall', {
    hallId: 'h2', name: '某镇便民服务中心', level: 'township', parentId: 'h1', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['14:00', '17:30']], calendarId: 'cn',
  }, ADMIN),
  command('2024-03-13T08:01', 'RegisterDepartment', { hallId: 'h2', departmentId: 'civil', name: '民政办' }, ADMIN),
  // an ad-hoc day off (Fri Mar 22) added to the year's notice mid-case; the hall recomputes the open cases (spec §4)
  command('2024-03-18T08:30', 'PublishCalendar', {
    calendarId: 'cn', year: 2024, papers: [...NOTICE_2024.papers, 'https://www.gov.cn/notice-2024-adhoc'],
    days: [...NOTICE_2024.days, { date: '2024-03-22', isOffDay: true, name: '临时调整' }],
  }, ADMIN),
  ...['c-correct-after', 'rich', 'c-deemed', 'c-recompute', 'c-late-notice'].map((caseId, i) =>
    command(`2024-03-18T08:${31 + i}`, 'RecomputeDeadline', { caseId, reason: 'calendar 2024 ad hoc' }, SYSTEM),
  ),
  command('2024-03-20T08:00', 'SuspendServiceItem', { hallId: 'h1', itemCode: 'TX-5', effectiveFrom: '2024-03-20', reason: '系统升级' }, ADMIN),
  command('2024-03-25T08:00', 'ReinstateServiceItem', { hallId: 'h1', itemCode: 'TX-5', effectiveFrom: '2024-03-25' }, ADMIN),
  command('2024-03-26T08:00', 'RepealServiceItem', { hallId: 'h1', itemCode: 'SC-9', effectiveFrom: '2024-03-26', reason: '事项取消' }, ADMIN),
  // next year's notice, published while c-provisional's statutory limit runs into the unknown year
  command('2026-12-28T09:00', 'PublishCalendar', {
    calendarId: 'cn', year: 2027, papers: ['https://www.gov.cn/notice-2027'], days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }],
  }, ADMIN),
  command('2026-12-28T09:05', 'RecomputeDeadline', { caseId: 'c-provisional', reason: 'calendar 2027' }, SYSTEM),
];

/** Consultations 咨询 and complaints 投诉: one answered on time, one late with its alert raised and cleared, one still open. */
const desk: Step[] = [
  command('2024-03-05T10:00', 'FileComplaint', { complaintId: 'k1', hallId: 'h1', channel: 'phone', subject: { kind: 'window', id: 'w-m' } }, CLERK),
  command('2024-03-06T10:00', 'RecordConsultation', { consultationId: 'q1', hallId: 'h1', topic: '办事指南', windowId: 'w-g' }, CLERK_GENERAL),
  command('2024-03-07T10:00', 'AnswerComplaint', { complaintId: 'k1', resolution: '已答复' }, CLERK),
  command('2024-03-14T10:00', 'FileComplaint', { complaintId: 'k2', hallId: 'h1', channel: 'hotline', subject: { kind: 'staff', id: 'clerk-t' } }, CLERK_TAX),
  command('2024-03-19T09:00', 'RaiseComplaintAlert', { complaintId: 'k2', alertId: 'k2-a', rule: 'complaint.answer', level: 'approaching', dueAt: T('2024-03-19T17:30') }, SCHEDULER),
  command('2024-03-20T09:00', 'AnswerComplaint', { complaintId: 'k2', resolution: '已致歉' }, CLERK_TAX),
  command('2024-03-20T09:01', 'ClearComplaintAlert', { complaintId: 'k2', alertId: 'k2-a' }, SCHEDULER),
  command('2024-03-20T10:00', 'RecordConsultation', { consultationId: 'q2', hallId: 'h1', topic: '材料清单', itemCode: 'SC-5' }, CLERK_GENERAL),
  command('2024-03-27T10:00', 'FileComplaint', { complaintId: 'k3', hallId: 'h1', channel: 'online', subject: { kind: 'department', id: 'tax' } }, CLERK_TAX),
];

/** Each case's commands, in its own order; `cases` interleaves them by when they are recorded. */
const stories = (): Step[][] => {
  const plain = caseOf('c-plain');
  const transfer = caseOf('c-transfer');
  const suspend = caseOf('c-suspend');
  const before = caseOf('c-correct-before');
  const after = caseOf('c-correct-after');
  const rich = caseOf('rich');
  const rejected = caseOf('c-rejected');
  const withdrawn = caseOf('c-withdrawn');
  const deemed = caseOf('c-deemed');
  const lateNotice = caseOf('c-late-notice');
  const overdue = caseOf('c-overdue');
  const recompute = caseOf('c-recompute');
  const provisional = caseOf('c-provisional');
  return [
    [
      plain.submit('2024-03-04T09:00', 'SC-5'), plain.accept('2024-03-04T09:30'),
      plain.on('2024-03-06T10:00', 'MakeDecision', { outcome: 'approved' }), plain.on('2024-03-06T10:05', 'CompleteCase', { result: 'issued' }),
      plain.on('2024-03-07T09:00', 'DeliverResult', { method: 'window' }), plain.evaluate('2024-03-07T09:05', 'e-plain', 5),
      plain.on('2024-03-11T10:00', 'RecordFollowUp', { method: 'phone', satisfied: true }),
    ],
    // handed over to tax; a 差评 at the pad, handled step by step (triage, contact, rectification, call-back)
    [
      transfer.submit('2024-03-04T10:00', 'SC-5'), transfer.accept('2024-03-04T10:10'),
      transfer.on('2024-03-05T09:00', 'CompleteStep', { step: '审查', action: 'pass' }),
      transfer.on('2024-03-05T10:00', 'TransferCase', { to: TAX_DESK, reason: '职责调整', handoverAt: T('2024-03-05T10:00') }),
      transfer.on('2024-03-06T11:00', 'MakeDecision', { outcome: 'approved' }, CLERK_TAX), transfer.on('2024-03-07T15:00', 'CompleteCase', { result: 'issued' }, CLERK_TAX),
      transfer.evaluate('2024-03-07T15:10', 'e-transfer', 2, { channel: 'device', windowId: 'w-g', staffId: 'clerk-g', realName: false }, PAD),
      transfer.on('2024-03-08T09:00', 'TriageBadReview', { evaluationId: 'e-transfer', valid: true, assignee: 'clerk-t', complexity: 'simple' }, CLERK_TAX),
      transfer.on('2024-03-08T14:00', 'ReplyBadReview', { evaluationId: 'e-transfer' }, CLERK_TAX),
      transfer.on('2024-03-13T10:00', 'RectifyBadReview', { evaluationId: 'e-transfer', measures: '优化叫号流程' }, CLERK_TAX),
      transfer.on('2024-03-15T10:00', 'CallBackBadReview', { evaluationId: 'e-transfer', satisfied: true }, CLERK_TAX),
    ],
    // suspended for an expert review, extended, denied; its 差评 appealed (upheld) and triaged invalid
    [
      suspend.submit('2024-03-05T09:00', 'TX-5'), suspend.accept('2024-03-05T09:20', CLERK_TAX),
      suspend.on('2024-03-06T10:00', 'SuspendClock', { procedure: 'expertReview', legalBasis: '行政许可法 §45', applicantNotifiedAt: T('2024-03-06T10:00'), expected: { value: 3, unit: 'workingDays' } }, CLERK_TAX),
      suspend.on('2024-03-11T14:00', 'ResumeClock', {}, CLERK_TAX),
      suspend.on('2024-03-12T10:00', 'ExtendTimeLimit', { by: { value: 3, unit: 'workingDays' }, approvedBy: 'approver-t', reason: '情况复杂', requestedAt: T('2024-03-12T10:00') }, APPROVER_TAX),
      suspend.on('2024-03-15T10:00', 'MakeDecision', { outcome: 'denied', legalBasis: '税收征收管理法' }, CLERK_TAX),
      suspend.on('2024-03-15T11:00', 'CompleteCase', { result: 'denied' }, CLERK_TAX),
      suspend.evaluate('2024-03-18T10:00', 'e-suspend', 1),
      suspend.on('2024-03-18T11:00', 'AppealEvaluation', { evaluationId: 'e-suspend', reason: '对否决结果不满' }, CLERK_TAX),
      suspend.on('2024-03-19T11:00', 'DecideAppeal', { evaluationId: 'e-suspend', outcome: 'upheld' }, APPROVER_TAX),
      suspend.on('2024-03-19T14:00', 'TriageBadReview', { evaluationId: 'e-suspend', valid: false }, CLERK_TAX),
    ],
    // corrected before acceptance; a visit, a no-show at collection, delivered by mail, a system default review
    [
      before.submit('2024-03-05T14:00', 'SC-3'), before.on('2024-03-05T14:10', 'RequestCorrection', { missing: ['营业执照复印件'], legalBasis: '行政许可法 §32' }),
      before.on('2024-03-06T09:00', 'SupplyCorrection', { materials: ['营业执照复印件'] }), before.accept('2024-03-06T09:30'),
      before.on('2024-03-07T10:00', 'RecordVisit', { purpose: 'enquire' }),
      before.on('2024-03-08T10:00', 'MakeDecision', { outcome: 'approved' }), before.on('2024-03-08T10:10', 'CompleteCase', { result: 'issued' }),
      before.on('2024-03-11T09:00', 'RecordNoShow', { notifiedDate: '2024-03-08' }), before.on('2024-03-12T09:00', 'DeliverResult', { method: 'mail' }),
      before.evaluate('2024-03-25T00:00', 'e-before', 5, { channel: 'systemDefault', realName: false }, { kind: 'system', id: 'evaluation-system' }),
    ],
    // corrected after acceptance (the clock restarts on supply, hall policy), a follow-up round 追评
    [
      after.submit('2024-03-06T09:00', 'SC-5'), after.accept('2024-03-06T09:30'),
      after.on('2024-03-07T10:00', 'RequestCorrection', { missing: ['场地证明'], legalBasis: '行政许可法 §32' }),
      after.on('2024-03-11T10:00', 'SupplyCorrection', { materials: ['场地证明'] }),
      after.on('2024-03-19T10:00', 'MakeDecision', { outcome: 'approved' }), after.on('2024-03-19T10:05', 'CompleteCase', { result: 'issued' }),
      after.evaluate('2024-03-19T15:00', 'e-after', 4), after.evaluate('2024-03-25T15:00', 'e-after-2', 3, { round: 'followUp' }),
    ],
    // the rarer facts: investment, a correction, joint review, an alert raised and cleared, a
    // corrective 更正, an extension, an escalation, an approved amount, and a 差评 handled,
    // called back unsatisfied, then appealed as malicious
    [
      rich.submit('2024-03-06T09:00', 'SC-5', { channel: 'online', investment: { amount: 1_200_000, currency: 'CNY' } }),
      rich.on('2024-03-06T09:10', 'RequestCorrection', { missing: ['可行性报告'] }), rich.on('2024-03-06T11:00', 'SupplyCorrection', { materials: ['可行性报告'] }),
      rich.accept('2024-03-06T14:00'),
      rich.on('2024-03-07T09:00', 'RequestJointReview', { departmentIds: ['tax'], replyDueAt: T('2024-03-12T17:00') }),
      command('2024-03-07T11:00', 'RecordCorrection', async (hall) => ({
        caseId: 'rich', corrects: (await hall.store.readStream('case-rich'))[0]!.eventId, fields: { caseNo: 'NO-rich-1' }, reason: '录入错误',
      }), CLERK),
      rich.on('2024-03-08T10:00', 'ReturnJointOpinion', { departmentId: 'tax', opinion: 'consent' }, CLERK_TAX),
      rich.alert('2024-03-13T09:00', 'rich-a1', 'approaching'),
      rich.on('2024-03-14T09:00', 'ExtendTimeLimit', { by: { value: 5, unit: 'workingDays' }, approvedBy: 'approver-m', reason: '需专家论证', requestedAt: T('2024-03-14T09:00') }, APPROVER),
      rich.on('2024-03-14T09:05', 'ClearAlert', { alertId: 'rich-a1' }, SCHEDULER),
      rich.on('2024-03-15T09:00', 'EscalateCase', { authority: '县人民政府', reason: '重大投资项目' }),
      rich.on('2024-03-18T09:00', 'ReturnEscalation', { authority: '县人民政府', decision: 'approved' }),
      rich.on('2024-03-18T09:30', 'MakeDecision', { outcome: 'approved', approvedAmount: { amount: 800_000, currency: 'CNY' } }),
      rich.on('2024-03-18T10:00', 'CompleteCase', { result: 'issued' }), rich.on('2024-03-19T10:00', 'DeliverResult', { method: 'window' }),
      rich.evaluate('2024-03-19T11:00', 'e-rich', 1),
      rich.on('2024-03-20T09:00', 'TriageBadReview', { evaluationId: 'e-rich', valid: true, assignee: 'clerk-m', complexity: 'complex' }),
      rich.on('2024-03-20T10:00', 'ReplyBadReview', { evaluationId: 'e-rich' }),
      rich.on('2024-03-21T10:00', 'RectifyBadReview', { evaluationId: 'e-rich', measures: '整改' }),
      rich.on('2024-03-21T11:00', 'CallBackBadReview', { evaluationId: 'e-rich', satisfied: false }),
      rich.on('2024-03-21T11:30', 'AppealEvaluation', { evaluationId: 'e-rich', reason: '恶意差评' }),
      rich.on('2024-03-25T11:00', 'DecideAppeal', { evaluationId: 'e-rich', outcome: 'malicious' }, APPROVER),
      rich.on('2024-03-25T15:00', 'RecordFollowUp', { method: 'visit', satisfied: false, result: '仍有意见' }),
    ],
    [
      rejected.submit('2024-03-07T09:00', 'SC-3'),
      rejected.on('2024-03-07T10:00', 'RejectCase', { reason: '不属于受理范围', legalBasis: '行政许可法 §32(一)' }),
    ],
    [withdrawn.submit('2024-03-11T09:00', 'TX-5'), withdrawn.accept('2024-03-11T09:30', CLERK_TAX), withdrawn.on('2024-03-12T10:00', 'WithdrawCase', { reason: '申请人撤回' }, APPLICANT('p-c-withdrawn'))],
    // joint review the tax department left unanswered: consent deemed; a step entered late
    [
      deemed.submit('2024-03-11T10:00', 'SC-5'), deemed.accept('2024-03-11T10:30'),
      deemed.on('2024-03-11T14:00', 'RequestJointReview', { departmentIds: ['tax'], replyDueAt: T('2024-03-13T17:30') }),
      deemed.on('2024-03-14T09:00', 'ApplyDeemedConsent', { departmentId: 'tax', policy: 'silenceIsConsent' }, SYSTEM),
      deemed.on('2024-03-15T10:00', 'RecordLateEntry', { reason: '线下办理后补录', entry: { type: 'CompleteStep', data: { caseId: 'c-deemed', step: '核查', action: 'pass' } } }, APPROVER, '2024-03-18T08:00'),
      deemed.on('2024-03-21T10:00', 'MakeDecision', { outcome: 'approved' }), deemed.on('2024-03-21T10:05', 'CompleteCase', { result: 'issued' }),
    ],
    // a correction notice later than five working days: accepted from the submission (行政许可法 §32(四))
    [
      lateNotice.submit('2024-03-04T11:00', 'SC-5'),
      lateNotice.on('2024-03-13T10:00', 'RequestCorrection', { missing: ['身份证复印件'] }),
      lateNotice.on('2024-03-14T10:00', 'SupplyCorrection', { materials: ['身份证复印件'] }),
      lateNotice.on('2024-03-26T10:00', 'MakeDecision', { outcome: 'approved' }),
      // its completion entered late 补录, the day after
      lateNotice.on('2024-03-26T10:05', 'RecordLateEntry', { reason: '系统停机后补录', entry: { type: 'CompleteCase', data: { caseId: 'c-late-notice', result: 'issued' } } }, APPROVER, '2024-03-27T09:00'),
    ],
    // left open past its limit: the alert ladder climbs; handed over to tax
    [
      overdue.submit('2024-03-18T09:00', 'SC-3'), overdue.accept('2024-03-18T09:30'),
      overdue.alert('2024-03-19T16:00', 'overdue-a1', 'approaching'), overdue.alert('2024-03-21T09:00', 'overdue-a2', 'overdue'),
      overdue.on('2024-03-25T10:00', 'TransferCase', { to: TAX_DESK, reason: '职责调整', handoverAt: T('2024-03-25T10:00') }),
      overdue.on('2024-03-26T10:00', 'CompleteStep', { step: '审查', action: 'return', opinion: '补充说明' }, CLERK_TAX),
    ],
    // its due time moved by the ad-hoc day off; suspended at the end of the log
    [
      recompute.submit('2024-03-14T09:00', 'TX-5'), recompute.accept('2024-03-14T09:10', CLERK_TAX),
      recompute.on('2024-03-26T10:00', 'SuspendClock', { procedure: 'inspection', legalBasis: '行政许可法 §45', applicantNotifiedAt: T('2024-03-26T10:00') }, CLERK_TAX),
    ],
    // provisional: its statutory limit runs into a year whose notice comes later
    [provisional.submit('2026-12-21T09:00', 'SC-5'), provisional.accept('2026-12-21T09:30')],
  ];
};

/**
 * A log of every kind of event on either side of any split, built by running commands through the
 * engine hall: hall context before and late in the log, cases spanning any split (transfers,
 * suspensions, corrections before and after acceptance, a late correction notice, extensions,
 * joint review and deemed consent, escalation, alerts, late entries, a withdrawal, a rejection),
 * evaluations with 差评 handling, appeals, follow-ups, complaints and consultations, an ad-hoc
 * calendar notice and next year's with recomputation, and cases still open at the end.
 */
const buildMixedLog = async (): Promise<StoredEvent[]> => {
  const hall = await createEngineHall({ setupAt: T('2024-01-02T08:00') });
  const steps = [context, desk, ...stories()].flat();
  // stable: a case's commands recorded at the same minute keep their order
  steps.sort((a, b) => a.recordedAt - b.recordedAt);
  for (const step of steps) await step.send(hall);
  const events: StoredEvent[] = [];
  for await (const e of hall.store.readAll()) events.push(e);
  return events;
};

let built: Promise<StoredEvent[]> | undefined;
/** Built once per test file and shared: callers must not change the events. */
export const mixedLog = (): Promise<StoredEvent[]> => (built ??= buildMixedLog());
