import type { Actor, Limit, WorkClock } from '@banjian/core';
import { caseScript, type CaseScript } from './case-script';
import { planAfterCompletion } from './evaluation-plan';
import type { ItemConfig } from './hall-config';
import { staffActor, type HallPeople } from './hall-people';
import type { Random } from './random';
import type { SimulationRates } from './rates';
import { daysLater, later, OFFICE_MINUTES, type Moment, type Timeline } from './timeline';

/** What planning a case needs: the seeded source, the hall's people, the calendar, the rates. */
export interface PlanContext {
  readonly rng: Random;
  readonly people: HallPeople;
  readonly timeline: Timeline;
  readonly clock: WorkClock;
  readonly rates: SimulationRates;
}

export interface CaseArrival {
  readonly caseId: string;
  readonly caseNo: string;
  readonly item: ItemConfig;
  readonly at: Moment;
}

const CHANNELS = ['window', 'online', 'mobile', 'agent', 'mail'] as const;
const CHANNEL_WEIGHTS = [0.68, 0.14, 0.1, 0.05, 0.03];
const PERSON_MATERIALS = ['申请书', '身份证明材料'];
const ORGANISATION_MATERIALS = ['申请书', '营业执照', '法定代表人身份证明'];
const MISSING = ['场地使用证明', '委托书', '技术资料', '检测报告', '申请表签字页'];
const PROCEDURES = ['hearing', 'inspection', 'testing', 'survey', 'appraisal', 'expertReview', 'quarantine'] as const;
const AUTHORITIES = ['市行政审批局', '市自然资源局', '省生态环境厅', '市发展和改革委员会'];
/** Days from acceptance to completion of a promised case (seed 004: 承诺件平均办结时间 3.93 工作日). */
const COMPLETION_DAYS = [0.07, 0.17, 0.2, 0.16, 0.12, 0.08, 0.06, 0.04, 0.03, 0.03, 0.02, 0.02];
const SPECIALS = ['transfer', 'suspension', 'correction', 'extension', 'late', 'withdrawal', 'statutoryOverrun', 'lateExtension'] as const;
type Special = (typeof SPECIALS)[number] | 'none';

const LICENSING_LAW = '《中华人民共和国行政许可法》';

/** An office minute, mornings a little busier. */
export const officeMinute = (rng: Random): number => (rng.chance(0.55) ? rng.int(0, 179) : rng.int(180, OFFICE_MINUTES - 1));

const hex = (rng: Random) => rng.uint32().toString(16).padStart(8, '0');

const pickSpecial = (rng: Random, rates: SimulationRates): Special => {
  const weights = [rates.transfer, rates.suspension, rates.correctionAfterAcceptance, rates.extension, rates.late, rates.withdrawal, rates.statutoryOverrun, rates.lateExtension];
  const none = Math.max(0, 1 - weights.reduce((s, w) => s + w, 0));
  const i = rng.weighted([...weights, none]);
  return i < SPECIALS.length ? SPECIALS[i]! : 'none';
};

/** The working day a limit from a moment ends on (its due time's date). */
const dueDayOf = (ctx: PlanContext, from: Moment, limit: Limit): number =>
  ctx.timeline.dayOf(ctx.clock.localDate(ctx.clock.dueAt(ctx.timeline.epochMs(from), limit).dueAt));

const licenceOf = (item: ItemConfig, caseNo: string, rng: Random) =>
  rng.chance(0.5) ? { licence: { name: `${item.name.replace(/（.*$/, '')}决定书`, number: `${caseNo}-${rng.int(100, 999)}` } } : {};

/**
 * The whole life of one case as timed commands (spec §3): submission through a window, online or
 * an agent; intake with correction, rejection or acceptance; handling by kind (即办 on the spot,
 * 承诺 with steps, 联办 with joint review and deemed consent, 上报 with escalation or forwarding)
 * and at most one special path (transfer, suspension, post-acceptance correction, extension, late,
 * withdrawal); decision, completion, delivery; then evaluation and its handling.
 */
export const planCase = (ctx: PlanContext, arrival: CaseArrival): CaseScript => {
  const { rng, people, rates } = ctx;
  const { item, caseNo } = arrival;
  const hallId = people.hall.hallId;
  const s = caseScript(arrival.caseId, arrival.at, ctx.timeline);

  const organisation = rng.chance(item.kind === 'immediate' ? 0.15 : 0.5);
  const applicantRef = `${organisation ? 'o' : 'p'}-${hex(rng)}`;
  const applicant: Actor = { kind: 'applicant', id: applicantRef };
  const channel = CHANNELS[rng.weighted(CHANNEL_WEIGHTS)]!;
  const departmentDesks = people.windowStaffOf(item.departmentId);
  const desk = departmentDesks.length > 0 && rng.chance(0.5) ? rng.pick(departmentDesks) : rng.pick(people.intake);
  const deskActor = staffActor(desk);
  const agentId = `agent-${rng.int(1, 12)}`;
  const materials = organisation ? ORGANISATION_MATERIALS : PERSON_MATERIALS;
  const investment = item.investment && rng.chance(rates.investment) ? { amount: rng.int(30, 1000) * 10_000, currency: 'CNY' } : undefined;
  const remote = channel === 'online' || channel === 'mobile' || channel === 'mail';
  const submitter: Actor = channel === 'online' || channel === 'mobile' ? applicant : channel === 'agent' ? { kind: 'agent', id: agentId } : deskActor;

  s.send(
    'SubmitApplication',
    {
      caseNo, hallId, itemCode: item.itemCode, channel,
      applicant: { type: organisation ? 'organisation' : 'person', ref: applicantRef },
      ...(channel === 'agent' ? { agentId } : {}),
      materials,
      ...(investment ? { investment } : {}),
    },
    submitter,
    arrival.at,
  );

  if (rng.chance(rates.rejection)) {
    s.send('RejectCase', { reason: '申请事项依法不需要取得行政许可', legalBasis: `${LICENSING_LAW}第三十二条第一款第（一）项` }, deskActor, later(s.now, rng.int(5, 20)));
    return s;
  }

  let acceptAt = remote ? (s.now.minute < 200 && rng.chance(0.5) ? later(s.now, rng.int(30, 150)) : daysLater(s.now, 1, rng.int(0, 120))) : later(s.now, rng.int(5, 25));
  // 行政许可法 §32(四): a notice more than 5 working days after submission deems the case accepted from the submission.
  let deemed: { requested: Moment; supplied: Moment } | undefined;
  if (rng.chance(rates.correctionBeforeAcceptance)) {
    const late = item.kind !== 'immediate' && rng.chance(rates.lateCorrectionNotice);
    s.send('RequestCorrection', { missing: [rng.pick(MISSING)] }, deskActor, late ? daysLater(s.now, rng.int(6, 8), officeMinute(rng)) : later(s.now, rng.int(5, 15)));
    const requested = s.now;
    if (!late && rng.chance(rates.correctionNotSupplied)) {
      const handler = rng.pick(people.handlersOf(item.departmentId));
      s.send('CompleteCase', { result: 'correctionNotSupplied' }, staffActor(handler), daysLater(s.now, 20, officeMinute(rng)));
      return s;
    }
    const supplyAt = daysLater(s.now, rng.int(1, 5), officeMinute(rng));
    // Once deemed accepted the case is with its department: the applicant hands the materials in.
    if (remote || late) {
      s.send('SupplyCorrection', { materials: [...materials] }, applicant, supplyAt);
    } else {
      s.send('SupplyCorrection', { materials: [...materials] }, deskActor, supplyAt);
      s.send('RecordVisit', { purpose: 'supplement' }, deskActor, later(supplyAt, 1));
    }
    if (late) deemed = { requested, supplied: supplyAt };
    acceptAt = later(s.now, rng.int(5, 30));
  }
  if (!deemed) s.send('AcceptCase', { windowId: desk.windowId!, staffId: desk.staffId, receiptNo: `${caseNo}-S` }, deskActor, acceptAt);

  const accepted = deemed ? arrival.at : s.now;
  const correctionPolicy = people.hall.policy?.correctionAfterAcceptance ?? 'restart';
  /** The last on-time day after a correction after acceptance: from the supplement (restart) or moved by the days suspended (resume). */
  const afterCorrection = (lastDay: number, requested: Moment, supplied: Moment, limit: Limit) =>
    correctionPolicy === 'resume' ? lastDay + (supplied.day - requested.day) : dueDayOf(ctx, supplied, limit) - 1;
  let handler = desk.departmentId === item.departmentId ? desk : rng.pick(people.handlersOf(item.departmentId));
  let holder = item.departmentId;
  const completion = { applicant, windowId: desk.windowId!, handler: () => handler, holder: () => holder };

  if (item.kind === 'immediate') {
    const doneAt = rng.chance(rates.immediateNextDay) ? daysLater(s.now, 1, officeMinute(rng)) : later(s.now, rng.int(10, 40));
    s.send('CompleteCase', { result: 'issued', ...licenceOf(item, caseNo, rng) }, staffActor(handler), doneAt);
    s.send('DeliverResult', { method: 'window' }, staffActor(handler), later(s.now, 2));
    planAfterCompletion(ctx, s, { ...completion, atWindow: true });
    return s;
  }

  const special = pickSpecial(rng, rates);
  const h = () => staffActor(handler);
  if (special === 'withdrawal') {
    s.send('WithdrawCase', { reason: '申请人主动撤回申请' }, applicant, daysLater(s.now, rng.int(1, 3), officeMinute(rng)));
    return s;
  }
  if (special === 'transfer') {
    const to = rng.pick(people.serviceDepartments.filter((d) => d !== holder));
    const receiver = rng.pick(people.handlersOf(to));
    s.send('TransferCase', { to: { departmentId: to, staffId: receiver.staffId }, reason: '经审查属其他部门职责，移交承办' }, h(), later(s.now, rng.int(30, 120)));
    handler = receiver;
    holder = to;
  }
  const stepAt = daysLater(s.now, rng.int(0, 1), officeMinute(rng));
  const lateBy = rng.int(60, 180);
  const firstStep = { step: '承办', action: 'pass', opinion: '材料齐全，符合法定形式' } as const;
  // 补录 within the day (before the alert scheduler's pass at the close), by the holder's chief representative.
  if (rng.chance(rates.lateEntry) && stepAt.minute + lateBy < OFFICE_MINUTES) {
    s.sendLate('CompleteStep', firstStep, staffActor(people.handlersOf(holder)[0]!), stepAt, later(stepAt, lateBy), '窗口业务系统故障，纸质流转单据事后补录');
  } else {
    s.send('CompleteStep', firstStep, h(), stepAt);
  }

  let lastOnTime = dueDayOf(ctx, accepted, item.limits.promised) - 1;
  let lastStatutoryDay = dueDayOf(ctx, accepted, item.limits.statutory) - 1;
  if (deemed) {
    lastOnTime = afterCorrection(lastOnTime, deemed.requested, deemed.supplied, item.limits.promised);
    lastStatutoryDay = afterCorrection(lastStatutoryDay, deemed.requested, deemed.supplied, item.limits.statutory);
  }
  let dissent = false;
  if (item.kind === 'joint') dissent = planJointReview(ctx, s, holder, h());
  if (item.kind === 'escalated') {
    const authority = rng.pick(AUTHORITIES);
    s.send('EscalateCase', { authority, reason: '依法需报上级机关审批' }, h(), daysLater(s.now, rng.int(0, 1), officeMinute(rng)));
    if (rng.chance(rates.forwarded)) {
      s.send('CompleteCase', { result: 'forwarded' }, h(), later(s.now, rng.int(20, 60)));
      s.send('DeliverResult', { method: 'electronic' }, h(), later(s.now, 5));
      planAfterCompletion(ctx, s, { ...completion, atWindow: false });
      return s;
    }
    s.send('ReturnEscalation', { authority, decision: 'approved' }, h(), daysLater(s.now, rng.int(3, 6), officeMinute(rng)));
  }
  if (special === 'suspension') {
    s.send('SuspendClock', { procedure: rng.pick(PROCEDURES), legalBasis: `${LICENSING_LAW}第四十五条` }, h(), daysLater(s.now, rng.int(0, 1), officeMinute(rng)));
    const suspended = rng.int(3, 10);
    s.send('ResumeClock', {}, h(), daysLater(s.now, suspended, officeMinute(rng)));
    lastOnTime += suspended;
    lastStatutoryDay += suspended;
  }
  if (special === 'correction') {
    s.send('RequestCorrection', { missing: [rng.pick(MISSING)], legalBasis: `${LICENSING_LAW}第三十二条` }, h(), daysLater(s.now, rng.int(0, 1), officeMinute(rng)));
    const requested = s.now;
    s.send('SupplyCorrection', { materials: [rng.pick(MISSING)] }, applicant, daysLater(s.now, rng.int(1, 5), officeMinute(rng)));
    // The hall's policy restarts the clock from the supplement (the default) or resumes it (spec §4).
    lastOnTime = afterCorrection(lastOnTime, requested, s.now, item.limits.promised);
    lastStatutoryDay = afterCorrection(lastStatutoryDay, requested, s.now, item.limits.statutory);
  }

  let completeDay = Math.min(Math.max(accepted.day + rng.weighted(COMPLETION_DAYS), s.now.day), Math.max(lastOnTime, s.now.day));
  if (special === 'extension') {
    const approver = people.approverOf(holder);
    const due = lastOnTime + 1;
    s.send(
      'ExtendTimeLimit',
      { by: { value: 10, unit: 'workingDays' }, approvedBy: approver.staffId, reason: '情况复杂，经本机关负责人批准延长十个工作日' },
      staffActor(approver),
      daysLater(s.now, Math.max(0, due - 1 - s.now.day), officeMinute(rng)),
    );
    completeDay = due + rng.int(1, 6);
  }
  if (special === 'late') completeDay = Math.max(s.now.day, lastOnTime + 1 + rng.int(1, 4));
  // 行政许可法 §42 broken: the case is still open past its statutory limit.
  if (special === 'statutoryOverrun') completeDay = Math.max(s.now.day, lastStatutoryDay + 1 + rng.int(1, 5));
  if (special === 'lateExtension') {
    // Requested after the promised due time: recorded, but judged late by when it was recorded, so the case stays overdue.
    const approver = people.approverOf(holder);
    const requestDay = Math.max(s.now.day, lastOnTime + 1 + rng.int(1, 3));
    s.send(
      'ExtendTimeLimit',
      { by: { value: 10, unit: 'workingDays' }, approvedBy: approver.staffId, reason: '情况复杂，申请延长十个工作日' },
      staffActor(approver),
      daysLater(s.now, requestDay - s.now.day, officeMinute(rng)),
    );
    completeDay = s.now.day + rng.int(1, 5);
  }

  s.send('CompleteStep', { step: '审核', action: 'pass', opinion: '同意' }, h(), daysLater(s.now, completeDay - s.now.day, officeMinute(rng)));
  const denied = dissent || rng.chance(rates.denial);
  s.send(
    'MakeDecision',
    denied ? { outcome: 'denied', legalBasis: `${LICENSING_LAW}第三十八条第二款` } : { outcome: 'approved', ...(investment ? { approvedAmount: investment } : {}) },
    h(),
    later(s.now, rng.int(5, 30)),
  );
  s.send('CompleteCase', denied ? { result: 'denied' } : { result: 'issued', ...licenceOf(item, caseNo, rng) }, h(), later(s.now, rng.int(5, 20)));

  if (rng.chance(rates.noShow)) {
    s.send('RecordNoShow', { notifiedDate: ctx.timeline.date(s.now.day) }, h(), daysLater(s.now, 20, officeMinute(rng)));
    return s;
  }
  const method = (['window', 'mail', 'electronic'] as const)[rng.weighted([0.55, 0.15, 0.3])]!;
  s.send('DeliverResult', { method }, h(), method === 'window' ? daysLater(s.now, rng.int(0, 3), officeMinute(rng)) : later(s.now, rng.int(5, 60)));
  if (method === 'window') s.send('RecordVisit', { purpose: 'collect' }, h(), later(s.now, 1));
  planAfterCompletion(ctx, s, { ...completion, atWindow: method === 'window' });
  return s;
};

/** 并联审批: two other departments consulted; each consents, rarely dissents, or stays silent past the due time (超时默认). */
const planJointReview = (ctx: PlanContext, s: CaseScript, holder: string, handler: Actor): boolean => {
  const { rng, people, clock, timeline, rates } = ctx;
  const pool = people.serviceDepartments.filter((d) => d !== holder);
  const first = rng.pick(pool);
  const consulted = [first, rng.pick(pool.filter((d) => d !== first))];
  const requestAt = daysLater(s.now, rng.int(0, 1), officeMinute(rng));
  const replyDueMs = clock.dueAt(timeline.epochMs(requestAt), { value: 5, unit: 'workingDays' }).dueAt;
  const replyDueDay = timeline.dayOf(clock.localDate(replyDueMs));
  s.send('RequestJointReview', { departmentIds: consulted, replyDueAt: clock.toInstant(replyDueMs) }, handler, requestAt);
  let dissent = false;
  const replies = consulted
    .map((departmentId) => {
      const deemed = rng.chance(rates.deemedConsent);
      const at: Moment = deemed ? { day: replyDueDay + 1, minute: rng.int(0, 60) } : { day: requestAt.day + rng.int(1, 4), minute: officeMinute(rng) };
      const opinion = !deemed && rng.chance(0.03) ? ('dissent' as const) : ('consent' as const);
      return { departmentId, deemed, at, opinion };
    })
    .sort((a, b) => a.at.day - b.at.day || a.at.minute - b.at.minute);
  for (const r of replies) {
    const at = r.at.day > s.now.day || (r.at.day === s.now.day && r.at.minute > s.now.minute) ? r.at : later(s.now, 1);
    if (r.deemed) {
      s.send('ApplyDeemedConsent', { departmentId: r.departmentId, policy: '超时默认制' }, { kind: 'system', id: 'e-supervision' }, at);
    } else {
      const consultedStaff = people.handlersOf(r.departmentId)[0]!;
      s.send('ReturnJointOpinion', { departmentId: r.departmentId, opinion: r.opinion, comment: r.opinion === 'consent' ? '同意' : '不符合本部门审批条件' }, staffActor(consultedStaff), at);
      dissent ||= r.opinion === 'dissent';
    }
  }
  return dissent;
};
