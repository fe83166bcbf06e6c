import { isLeft } from 'fp-ts/lib/Either';
import { emit, decline, type Decision } from '../auth/decision';
import { parseInstant } from '../clock/instant';
import type { WorkClock } from '../clock/work-clock';
import type { DomainEvent } from '../events/envelope';
import type { Limit, Limits } from '../events/primitives';
import { itemStatusOn, itemVersionOn, type Directory, type ItemInfo } from '../org/directory';
import type { CaseCommandOf } from './commands';
import { CORRECTION_RESTART_REASON, dueTimesAt, type CaseClockState } from '../clock/case-clock-state';
import { firstRefusal, record, requireStatus, type RuleEnv, type RuleTable } from './rule-kit';
import { HANDLING, type CaseEvent, type CaseState } from './state';

/**
 * The department acceptance puts the case with: the service item's (the version applied for, else
 * the latest), never the accepting window's, so no department takes another's case by naming its
 * own window. A named `departmentId` must agree (`accept.department.ofItem`).
 */
export const acceptanceDepartment = (directory: Directory, state: CaseState, _data?: CaseCommandOf<'AcceptCase'>['data']): string | undefined => {
  if (state.hallId === undefined || state.itemCode === undefined) return undefined;
  const item = directory.item(state.hallId, state.itemCode);
  return item?.versions.find((v) => v.version === state.itemVersion)?.departmentId ?? item?.versions.at(-1)?.departmentId;
};

/**
 * Who may take a case in at a window (一窗受理): a general window 综合窗口 for any department, a
 * department window only for its own department's items; the accepting staff sit at that window
 * or belong to the item's department.
 */
const acceptingDesk = (directory: Directory, hallId: string, d: CaseCommandOf<'AcceptCase'>['data'], departmentId: string, env: RuleEnv): Decision<CaseEvent> | undefined => {
  const window = directory.window(hallId, d.windowId);
  const staff = directory.staff(hallId, d.staffId);
  if (d.departmentId !== undefined && d.departmentId !== departmentId) {
    return decline('invalidCommand', env.scope, 'accept.department.ofItem', `the item belongs to department ${departmentId}, not ${d.departmentId}`);
  }
  if (window && window.kind !== 'general' && window.departmentId !== departmentId) {
    return decline('forbidden', env.scope, 'accept.window.forItemDepartment', `window ${d.windowId} (${window.kind}${window.departmentId ? `, ${window.departmentId}` : ''}) does not take in items of department ${departmentId}; a general window 综合窗口 or the department's own may`);
  }
  if (staff && staff.windowId !== d.windowId && staff.departmentId !== departmentId) {
    return decline('invalidCommand', env.scope, 'accept.staff.atWindowOrOfDepartment', `staff ${d.staffId} sits at ${staff.windowId ?? 'no window'} in ${staff.departmentId ?? 'no department'}, neither window ${d.windowId} nor department ${departmentId}`);
  }
  return undefined;
};

/** The due times a case runs against now, as last recorded (acceptance or the latest `DeadlineRecomputed`), written in the hall's zone. */
export const recordedDueTimes = (clock: CaseClockState, hall: WorkClock) => {
  const { promisedDueMs, statutoryDueMs, calendarVersion } = dueTimesAt(clock).due;
  return { promisedDueAt: hall.toInstant(promisedDueMs), statutoryDueAt: hall.toInstant(statutoryDueMs), calendarVersion };
};

/** Due times of both limits from a start (the start's own day not counted: 民法典 §201). */
export const dueTimesFrom = (clock: WorkClock, startMs: number, limits: Limits) => {
  const promised = clock.dueAt(startMs, limits.promised);
  const statutory = clock.dueAt(startMs, limits.statutory);
  return {
    promisedDueAt: clock.toInstant(promised.dueAt),
    statutoryDueAt: clock.toInstant(statutory.dueAt),
    provisional: promised.provisional || statutory.provisional,
    calendarVersion: clock.calendar.version,
  };
};

const itemAvailable = (item: ItemInfo, env: RuleEnv, rule: string): Decision<CaseEvent> | undefined => {
  const status = itemStatusOn(item, env.clock().localDate(env.atMs));
  return status === 'active' ? undefined : decline('illegalTransition', env.scope, rule, `item ${item.itemCode} is ${status}`);
};

const submit: RuleTable<'SubmitApplication'>['SubmitApplication'] = (c, s, env) => {
  const d = c.data;
  const item = env.ctx.directory.item(d.hallId, d.itemCode);
  return firstRefusal(
    [
      () => (s.status === 'new' ? undefined : decline('conflict', env.scope, 'submit.once', `case ${d.caseId} was already submitted`)),
      () => (env.ctx.directory.hall(d.hallId) ? undefined : decline('notFound', env.scope, 'submit.hall.registered', `hall ${d.hallId} is not registered`)),
      () => (item ? undefined : decline('notFound', env.scope, 'submit.item.defined', `item ${d.itemCode} is not in the catalogue of hall ${d.hallId}`)),
      () => (item ? itemAvailable(item, env, 'submit.item.active') : undefined),
      () =>
        d.itemVersion === undefined || item?.versions.some((v) => v.version === d.itemVersion)
          ? undefined
          : decline('notFound', env.scope, 'submit.item.version', `item ${d.itemCode} has no version ${d.itemVersion}`),
      () =>
        d.channel === 'agent' && d.agentId === undefined
          ? decline('invalidCommand', env.scope, 'submit.agent.named', 'an application through an agent 代办 names the agent')
          : undefined,
    ],
    () => {
      const inForce = item && itemVersionOn(item, env.clock().localDate(env.atMs));
      const itemVersion = d.itemVersion ?? inForce?.version ?? item?.versions.at(-1)?.version;
      return record({ type: 'ApplicationSubmitted', data: { ...d, ...(itemVersion === undefined ? {} : { itemVersion }) } });
    },
  );
};

/** 行政许可法 §32(四): the correction notice is given on the spot or within five (working, §82) days. */
export const CORRECTION_NOTICE_LIMIT: Limit = Object.freeze({ value: 5, unit: 'workingDays' });
const LATE_NOTICE_BASIS = '行政许可法 §32(四)';

/**
 * A correction notice later than five working days after the materials were received. By the
 * hall's policy it is refused, or (default) the case counts as accepted from the receipt — "逾期
 * 不告知的，自收到申请材料之日起即为受理" — so the acceptance is recorded as deemed from the
 * submission (its due times run from then) and the notice becomes a correction after acceptance.
 */
const lateNotice = (c: CaseCommandOf<'RequestCorrection'>, s: CaseState, env: RuleEnv): Decision<CaseEvent> | undefined => {
  if (s.submittedAt === undefined || s.hallId === undefined) return undefined;
  const submittedMs = parseInstant(s.submittedAt);
  const noticeDue = env.clock().dueAt(submittedMs, CORRECTION_NOTICE_LIMIT).dueAt;
  if (env.atMs <= noticeDue) return undefined;
  const due = env.clock().toInstant(noticeDue);
  if (env.ctx.hallPolicy(s.hallId).lateCorrectionNotice === 'refuse') {
    return decline('illegalTransition', env.scope, 'correction.notice.withinFiveWorkingDays', `the correction notice was due by ${due} (${LATE_NOTICE_BASIS}); the case counts as accepted from ${s.submittedAt}`);
  }
  const { actor } = c.metadata;
  const desk = env.ctx.directory.staff(s.hallId, actor.id);
  const windowId = actor.windowId ?? desk?.windowId;
  if (actor.kind !== 'staff' || windowId === undefined) {
    return decline('invalidCommand', env.scope, 'correction.lateNotice.staffAtWindow', `a late notice deems the case accepted: it is sent by staff at a window (${LATE_NOTICE_BASIS})`);
  }
  const deemed = accept({ ...c, type: 'AcceptCase', data: { caseId: c.data.caseId, windowId, staffId: actor.id } }, s, { ...env, at: s.submittedAt, atMs: submittedMs });
  if (isLeft(deemed)) return deemed;
  const [accepted] = deemed.right as [DomainEvent<'CaseAccepted'>];
  const legalBasis = c.data.legalBasis ?? LATE_NOTICE_BASIS;
  return emit<CaseEvent>(
    { type: 'CaseAccepted', data: { ...accepted.data, deemedFrom: s.submittedAt } },
    { type: 'CorrectionRequested', data: { ...c.data, legalBasis } },
    { type: 'ClockSuspended', data: { caseId: c.data.caseId, procedure: 'correctionAfterAcceptance', legalBasis, applicantNotifiedAt: env.at } },
  );
};

const requestCorrection: RuleTable<'RequestCorrection'>['RequestCorrection'] = (c, s, env) => {
  const d = c.data;
  if (d.missing.length === 0) return decline('invalidCommand', env.scope, 'correction.missing.listed', 'a correction notice lists the missing materials');
  if (s.status === 'submitted') {
    // 一次性告知 (行政许可法 §32): everything missing is told at once, so there is only one notice.
    if (s.correctionNotices > 0) return decline('conflict', env.scope, 'correction.oneTimeNotice', `case ${d.caseId} already had its one-time correction notice 一次性告知`);
    return lateNotice(c, s, env) ?? record({ type: 'CorrectionRequested', data: d });
  }
  const refusal = requireStatus(s, env, HANDLING, 'correction.request.onlyWhenSubmittedOrHandling', 'a correction is requested at intake or while handling');
  if (refusal) return refusal;
  if (d.legalBasis === undefined) {
    return decline('invalidCommand', env.scope, 'correction.afterAcceptance.legalBasis', 'a correction after acceptance suspends the clock and must name its legal basis');
  }
  return emit<CaseEvent>(
    { type: 'CorrectionRequested', data: d },
    { type: 'ClockSuspended', data: { caseId: d.caseId, procedure: 'correctionAfterAcceptance', legalBasis: d.legalBasis, applicantNotifiedAt: env.at } },
  );
};

const supplyCorrection: RuleTable<'SupplyCorrection'>['SupplyCorrection'] = (c, s, env) => {
  const d = c.data;
  if (d.materials.length === 0) return decline('invalidCommand', env.scope, 'correction.supply.materialsListed', 'a supplement lists the materials received');
  if (s.status === 'awaitingCorrection') return record({ type: 'CorrectionSupplied', data: d });
  if (s.status !== 'suspended' || s.suspension?.procedure !== 'correctionAfterAcceptance' || !s.clock || !s.limits || s.hallId === undefined) {
    return decline('illegalTransition', env.scope, 'correction.supply.onlyWhenRequested', `case ${d.caseId} is ${s.status} and awaits no correction`);
  }
  const events: CaseEvent[] = [{ type: 'CorrectionSupplied', data: d }, { type: 'ClockResumed', data: { caseId: d.caseId } }];
  if (env.ctx.hallPolicy(s.hallId).correctionAfterAcceptance === 'restart') {
    const next = dueTimesFrom(env.clock(), env.atMs, s.limits);
    events.push({
      type: 'DeadlineRecomputed',
      data: {
        caseId: d.caseId,
        previous: recordedDueTimes(s.clock, env.clock()),
        next: { promisedDueAt: next.promisedDueAt, statutoryDueAt: next.statutoryDueAt, calendarVersion: next.calendarVersion },
        reason: CORRECTION_RESTART_REASON,
      },
    });
  }
  return emit(...events);
};

const accept: RuleTable<'AcceptCase'>['AcceptCase'] = (c, s, env) => {
  const d = c.data;
  const { directory } = env.ctx;
  const refusal = requireStatus(s, env, ['submitted'], 'accept.onlyWhenSubmitted', 'only a submitted case is accepted');
  if (refusal || s.hallId === undefined || s.itemCode === undefined) return refusal ?? decline('notFound', env.scope, 'case.submittedFirst', 'no application');
  const hallId = s.hallId;
  const item = directory.item(hallId, s.itemCode);
  const clock = env.clock();
  const version = item && itemVersionOn(item, clock.localDate(env.atMs));
  const departmentId = acceptanceDepartment(directory, s, d);
  const window = directory.window(hallId, d.windowId);
  return firstRefusal(
    [
      () => (window?.open ? undefined : decline('notFound', env.scope, 'accept.window.open', `window ${d.windowId} is not open at hall ${hallId}`)),
      () => (directory.staff(hallId, d.staffId) ? undefined : decline('notFound', env.scope, 'accept.staff.registered', `staff ${d.staffId} is not registered at hall ${hallId}`)),
      () => (item ? itemAvailable(item, env, 'accept.item.active') : decline('notFound', env.scope, 'accept.item.defined', `item ${s.itemCode} is not in the catalogue`)),
      () => (version ? undefined : decline('notFound', env.scope, 'accept.item.inForce', `no version of item ${s.itemCode} is in force on ${clock.localDate(env.atMs)}`)),
      () =>
        departmentId !== undefined && directory.department(hallId, departmentId)
          ? undefined
          : decline('notFound', env.scope, 'accept.department.registered', `department ${departmentId ?? '(none)'} is not registered at hall ${hallId}`),
      () => acceptingDesk(directory, hallId, d, departmentId!, env),
    ],
    () => {
      const v = version!;
      // Snapshot of the item in force at acceptance and the calendar version: later changes never move it (spec §2).
      const due = dueTimesFrom(clock, env.atMs, v.limits);
      return record({
        type: 'CaseAccepted',
        data: {
          caseId: d.caseId, hallId, windowId: d.windowId, departmentId: departmentId!, staffId: d.staffId,
          ...(d.receiptNo ? { receiptNo: d.receiptNo } : {}),
          kind: v.kind, limits: v.limits, ...due,
        },
      });
    },
  );
};

/** Intake: submission, correction (补齐补正), acceptance 受理, rejection 不予受理, withdrawal 撤回. */
export const intakeRules: RuleTable<'SubmitApplication' | 'RequestCorrection' | 'SupplyCorrection' | 'AcceptCase' | 'RejectCase' | 'WithdrawCase'> = {
  SubmitApplication: submit,
  RequestCorrection: requestCorrection,
  SupplyCorrection: supplyCorrection,
  AcceptCase: accept,
  RejectCase: (c, s, env) =>
    requireStatus(s, env, ['submitted', 'awaitingCorrection'], 'reject.onlyBeforeAcceptance', 'only a case not yet accepted is rejected') ??
    record({ type: 'CaseRejected', data: c.data }),
  // An applicant may withdraw until a decision is made (撤回申请); afterwards the decision stands.
  WithdrawCase: (c, s, env) =>
    requireStatus(s, env, ['submitted', 'awaitingCorrection', ...HANDLING, 'suspended'], 'withdraw.onlyBeforeDecision', 'withdrawal is possible until a decision is made') ??
    record({ type: 'CaseWithdrawn', data: c.data }),
};

