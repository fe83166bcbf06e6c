import type { WorkClock } from '@banjian/core';
import { badReviewDeadlinesOf, caseClock, caseClockView, completedOnTime } from '../cases/timing';
import type { CaseFacts, CaseFactsState, EvaluationFacts } from '../cases/facts';
import type { KeyOf } from './dimensions';
import type { FigureOptions } from './options';
import { addMoney, addOfficeMs, type TallyBook } from './tally';

/** What one walk over the facts counts: halls (undefined = all), the period as ms, the options. */
export interface ScanScope {
  halls: ReadonlySet<string> | undefined;
  startMs: number;
  endMs: number;
  options: FigureOptions;
  keys: KeyOf;
}

const within = (ms: number, scope: ScanScope): boolean => ms >= scope.startMs && ms < scope.endMs;
const inHalls = (hallId: string, scope: ScanScope): boolean => scope.halls === undefined || scope.halls.has(hallId);

/** One walk over every case, consultation and complaint of the scope, adding to the book's tallies. */
export const scanFacts = (state: CaseFactsState, scope: ScanScope, book: TallyBook): void => {
  for (const x of state.consultations) {
    if (within(x.atMs, scope) && inHalls(x.hallId, scope)) book.of(scope.keys.ofConsultation(x)).consultations += 1;
  }
  for (const x of state.complaints.values()) {
    if (!inHalls(x.hallId, scope)) continue;
    if (within(x.filedAt, scope)) book.of(scope.keys.ofComplaint(x, state.cases)).complaints += 1;
    if (x.answeredAt >= 0 && within(x.answeredAt, scope)) {
      const t = book.of(scope.keys.ofComplaint(x, state.cases));
      t.complaintsAnswered += 1;
      if (x.answeredAt <= x.answerDueAt) t.complaintsAnsweredOnTime += 1;
    }
  }
  for (const c of state.cases.values()) if (inHalls(c.hallId, scope)) scanCase(state, c, scope, book);
};

const scanCase = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook): void => {
  const { keys, options, startMs, endMs } = scope;
  const cohort = options.counting === 'cohort';
  if (within(c.submittedAt, scope)) book.of(keys.ofCase(c, 'submit')).applications += 1;
  if (c.rejectedAt >= 0 && within(c.rejectedAt, scope)) book.of(keys.ofCase(c, 'submit')).rejected += 1;
  if (c.acceptedAt < 0 || c.acceptedAt >= endMs) {
    scanEvaluations(state, c, scope, book);
    return;
  }
  const acceptedInPeriod = c.acceptedAt >= startMs;
  const completedBeforeEnd = c.completedAt >= 0 && c.completedAt < endMs;
  if (acceptedInPeriod) {
    const t = book.of(keys.ofCase(c, 'accept'));
    t.accepted += 1;
    t.acceptanceMs += BigInt(c.acceptedAt - c.submittedAt);
    t.acceptanceCases += 1;
    if (c.kind === 'immediate') t.immediateAccepted += 1;
    if (c.investment) addMoney(t.investmentAccepted, c.investment);
    if (!completedBeforeEnd && !(c.withdrawnAt >= 0 && c.withdrawnAt < endMs)) t.carryOut += 1;
  }
  if (c.decision === 'approved' && within(c.decidedAt, scope)) {
    const amount = c.approvedAmount ?? c.investment;
    if (amount) addMoney(book.of(keys.ofCase(c, 'complete')).investmentApproved, amount);
  }
  const counts = cohort ? acceptedInPeriod && c.completedAt >= 0 : c.completedAt >= 0 && within(c.completedAt, scope);
  if (counts) scanCompletion(state, c, scope, book, cohort ? Number.MAX_SAFE_INTEGER : endMs);
  if (!completedBeforeEnd && !(c.withdrawnAt >= 0 && c.withdrawnAt < endMs)) scanOpen(state, c, scope, book);
  for (const j of c.joint) {
    if (j.answeredAtMs !== undefined && within(j.answeredAtMs, scope)) {
      const t = book.of(keys.ofJoint(c, j));
      t.jointReplies += 1;
      if (j.answeredAtMs <= j.replyDueAtMs) t.jointRepliesOnTime += 1;
    }
    if (j.deemedAtMs !== undefined && within(j.deemedAtMs, scope)) {
      // 超时默认: counted apart, in the denominator of on-time replies, never on time (spec §3.1)
      const t = book.of(keys.ofJoint(c, j));
      t.deemedConsents += 1;
      t.jointReplies += 1;
    }
  }
  scanEvaluations(state, c, scope, book);
};

const scanCompletion = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook, horizon: number): void => {
  const ctx = state.context;
  const { options } = scope;
  const t = book.of(scope.keys.ofCase(c, 'complete'));
  t.completed += 1;
  if (c.acceptedAt < scope.startMs) t.carryIn += 1;
  const clock = caseClock(ctx, c);
  const view = caseClockView(ctx, c, c.completedAt, options.clock);
  if (completedOnTime(ctx, c, options.clock, horizon, 'promised', view)) t.onTime += 1;
  else t.completedLate += 1;
  if (view.lateExtensions > 0) t.lateExtensions += 1;
  if (!completedOnTime(ctx, c, options.clock, horizon, 'statutory', view)) t.completedStatutoryLate += 1;
  const completedDate = clock.localDate(c.completedAt);
  if (completedDate < clock.localDate(view.promised.dueAtMs)) t.early += 1;
  const sameDay = completedDate === clock.localDate(c.acceptedAt);
  if (sameDay) t.sameDay += 1;
  if (sameDay && c.kind === 'immediate') t.immediateSameDay += 1;
  if (c.result !== 'forwarded' && !c.escalated) t.onSite += 1;
  if (c.kind === 'promised' && c.limits) {
    const actual = Math.round(view.elapsedOfficeSeconds * 1000);
    const perDayMs = clock.officeSecondsPerDay * 1000;
    addOfficeMs(t.completionOfficeMs, perDayMs, actual);
    t.completionCases += 1;
    const statutory = statutoryOfficeMs(c, clock);
    if (statutory > 0) {
      addOfficeMs(t.speedupActualMs, perDayMs, actual);
      addOfficeMs(t.speedupStatutoryMs, perDayMs, statutory);
      t.speedupRatioSum += actual / statutory;
      t.speedupCases += 1;
    }
  }
  let evaluated = false;
  let active = false;
  for (const e of c.evaluations) {
    if (e.excluded) continue;
    evaluated = true;
    if (e.channel !== 'systemDefault') active = true;
  }
  if (evaluated) t.evaluatedCases += 1;
  if (active) t.activelyEvaluatedCases += 1;
};

/** The statutory limit as office time: working days and hours exactly; natural days up to the recorded due time. */
const statutoryOfficeMs = (c: CaseFacts, clock: WorkClock): number => {
  const limit = c.limits!.statutory;
  if (limit.unit === 'workingDays') return Math.round(limit.value * clock.officeSecondsPerDay * 1000);
  if (limit.unit === 'workingHours') return Math.round(limit.value * 3_600_000);
  const from = clock.closeOfBusiness(clock.localDate(c.acceptedAt));
  const due = c.clock!.bases.at(-1)!.statutoryDueMs;
  return due > from ? Math.round(clock.officeSecondsBetween(from, due) * 1000) : 0;
};

const scanOpen = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook): void => {
  const ctx = state.context;
  const { endMs, options } = scope;
  const t = book.of(scope.keys.ofCase(c, 'complete'));
  const view = caseClockView(ctx, c, endMs, options.clock);
  if (view.suspended) t.openSuspended += 1;
  else if (view.promised.overdue) t.openOverdue += 1;
  else t.openWithinLimit += 1;
  if (!view.suspended && view.statutory.overdue) t.openStatutoryOverdue += 1;
  if (view.provisional) t.openProvisional += 1;
};

const deadlinesOf = (state: CaseFactsState, c: CaseFacts, e: EvaluationFacts, options: FigureOptions) =>
  badReviewDeadlinesOf(state.context, c, e, options.rectificationWorkingDays);

const scanEvaluations = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook): void => {
  const { options, keys } = scope;
  for (const e of c.evaluations) {
    if (e.excluded || !within(e.atMs, scope)) continue;
    const t = book.of(keys.ofEvaluation(c, e));
    t.evaluations += 1;
    if (options.satisfiedLevels.includes(e.level)) t.satisfied += 1;
    if (e.level <= 2) {
      t.badReviews += 1;
      if (e.triagedValid !== false) {
        t.validBadReviews += 1;
        const d = deadlinesOf(state, c, e, options);
        if (e.rectifiedAtMs !== undefined && e.rectifiedAtMs <= d.rectify.dueAt) t.rectifiedInTime += 1;
        if (e.contactedAtMs !== undefined && e.contactedAtMs <= d.contact.dueAt) t.contactedInTime += 1;
      }
    }
  }
  // 回访率: the 差评 closed (rectified) in the period, called back within 5 working days of the closing.
  for (const e of c.evaluations) {
    if (e.excluded || e.level > 2 || e.triagedValid === false || e.rectifiedAtMs === undefined || !within(e.rectifiedAtMs, scope)) continue;
    const t = book.of(keys.ofEvaluation(c, e));
    t.closedBadReviews += 1;
    const callBack = deadlinesOf(state, c, e, options).callBack;
    if (callBack && e.calledBackAtMs !== undefined && e.calledBackAtMs <= callBack.dueAt) t.calledBackInTime += 1;
  }
  for (const f of c.followUps) if (within(f.atMs, scope)) book.of(keys.ofCase(c, 'complete')).followUps += 1;
  for (const e of c.lateEntries) if (within(e.recordedAtMs, scope)) book.of(keys.ofLateEntry(c, e)).lateEntries += 1;
};
