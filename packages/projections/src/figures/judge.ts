import { caseClockFactsAfter, dueTimesAt, type CaseClockView, type Money, type WorkClock } from '@banjian/core';
import type { HallContext } from '../cases/context';
import type { CaseFacts, ComplaintFacts, EvaluationFacts, JointFacts } from '../cases/facts';
import { badReviewDeadlinesOf, caseClock, caseClockView, completedOnTime } from '../cases/timing';
import { add, ratioOfDecimal, type Ratio } from './exact';
import type { FigureOptions } from './options';
import { addMoney, addOfficeMs, type Tally } from './tally';

/**
 * What each fact of a case counts for, judged once by the rules of spec §4–§5, and how a number of
 * such facts add to a tally. The full rebuild (`scanFacts`) judges and adds one fact at a time; the
 * figure facts read model stores the judgements and adds the database's counts and sums of them.
 * Either way a rule lives here only.
 */
export interface CompletionJudgement {
  onTime: boolean;
  lateExtension: boolean;
  statutoryLate: boolean;
  early: boolean;
  sameDay: boolean;
  immediateSameDay: boolean;
  onSite: boolean;
  evaluated: boolean;
  activelyEvaluated: boolean;
  /** A promised case with limits: its office time counts in the average completion time. */
  timed: boolean;
  /** …and its statutory limit as office time is known (> 0): it counts in the actual speed-up. */
  speedup: boolean;
  perDayMs: number;
  actualMs: number;
  statutoryMs: number;
  /** actual / statutory (the mean-of-ratios variant only). */
  speedupRatio: number;
}

/** A completed case judged at completion (`horizon`: the instant on time is judged by, see `completedOnTime`). */
export const judgeCompletion = (ctx: HallContext, c: CaseFacts, options: FigureOptions, horizon: number): CompletionJudgement => {
  const clock = caseClock(ctx, c);
  const view = caseClockView(ctx, c, c.completedAt, options.clock);
  const completedDate = clock.localDate(c.completedAt);
  const sameDay = completedDate === clock.localDate(c.acceptedAt);
  const timed = c.kind === 'promised' && c.limits !== undefined;
  const actualMs = timed ? Math.round(view.elapsedOfficeSeconds * 1000) : 0;
  const statutoryMs = timed ? statutoryOfficeMs(c, clock) : 0;
  let evaluated = false;
  let active = false;
  for (const e of c.evaluations) {
    if (e.excluded) continue;
    evaluated = true;
    if (e.channel !== 'systemDefault') active = true;
  }
  return {
    onTime: completedOnTime(ctx, c, options.clock, horizon, 'promised', view),
    lateExtension: view.lateExtensions > 0,
    statutoryLate: !completedOnTime(ctx, c, options.clock, horizon, 'statutory', view),
    early: completedDate < clock.localDate(view.promised.dueAtMs),
    sameDay,
    immediateSameDay: sameDay && c.kind === 'immediate',
    onSite: c.result !== 'forwarded' && !c.escalated,
    evaluated,
    activelyEvaluated: active,
    timed,
    speedup: statutoryMs > 0,
    perDayMs: clock.officeSecondsPerDay * 1000,
    actualMs,
    statutoryMs,
    speedupRatio: statutoryMs > 0 ? actualMs / statutoryMs : 0,
  };
};

/** The statutory limit as office time: working days and hours exactly; natural days up to the recorded due time. */
const statutoryOfficeMs = (c: CaseFacts, clock: WorkClock): number => {
  const limit = c.limits!.statutory;
  if (limit.unit === 'workingDays') return Math.round(limit.value * clock.officeSecondsPerDay * 1000);
  if (limit.unit === 'workingHours') return Math.round(limit.value * 3_600_000);
  const from = clock.closeOfBusiness(clock.localDate(c.acceptedAt));
  const due = dueTimesAt(c.clock!).due.statutoryDueMs;
  return due > from ? Math.round(clock.officeSecondsBetween(from, due) * 1000) : 0;
};

/**
 * Sums over `n` completions with the same judgement flags: the office ms are the sums over them
 * (`actualMs`, `statutoryMs`, `speedupRatio` of the judgement hold the sums when n > 1).
 */
export const addCompletions = (t: Tally, j: CompletionJudgement, n: number, carriedIn: number): void => {
  t.completed += n;
  t.carryIn += carriedIn;
  if (j.onTime) t.onTime += n;
  else t.completedLate += n;
  if (j.lateExtension) t.lateExtensions += n;
  if (j.statutoryLate) t.completedStatutoryLate += n;
  if (j.early) t.early += n;
  if (j.sameDay) t.sameDay += n;
  if (j.immediateSameDay) t.immediateSameDay += n;
  if (j.onSite) t.onSite += n;
  if (j.timed) {
    addOfficeMs(t.completionOfficeMs, j.perDayMs, j.actualMs);
    t.completionCases += n;
    if (j.speedup) {
      addOfficeMs(t.speedupActualMs, j.perDayMs, j.actualMs);
      addOfficeMs(t.speedupStatutoryMs, j.perDayMs, j.statutoryMs);
      t.speedupRatioSum += j.speedupRatio;
      t.speedupCases += n;
    }
  }
  if (j.evaluated) t.evaluatedCases += n;
  if (j.activelyEvaluated) t.activelyEvaluatedCases += n;
};

/** Where an open case stands at an instant (the end of a period). */
export interface OpenJudgement {
  suspended: boolean;
  overdue: boolean;
  statutoryOverdue: boolean;
  provisional: boolean;
}

const openOf = (view: CaseClockView): OpenJudgement =>
  ({ suspended: view.suspended, overdue: view.promised.overdue, statutoryOverdue: view.statutory.overdue, provisional: view.provisional });

export const judgeOpen = (ctx: HallContext, c: CaseFacts, atMs: number, options: FigureOptions): OpenJudgement => openOf(caseClockView(ctx, c, atMs, options.clock));

/**
 * `judgeOpen` at `atMs`, and the first instant after it at which the judgement may differ: it
 * holds at every whole-millisecond instant from `atMs` up to (not including) `changesAtMs`. Until
 * the clock's next fact (`caseClockFactsAfter`) only the instant judged moves, so only crossing a
 * due time changes it; while a suspension runs its due times move with time, and the next
 * instant may differ.
 */
export const judgeOpenSpan = (ctx: HallContext, c: CaseFacts, atMs: number, options: FigureOptions): { judgement: OpenJudgement; changesAtMs: number } => {
  const view = caseClockView(ctx, c, atMs, options.clock);
  const judgement = openOf(view);
  const { nextFactMs, running } = caseClockFactsAfter(c.clock!, atMs);
  if (running) return { judgement, changesAtMs: atMs + 1 };
  let changesAtMs = nextFactMs;
  if (view.open) {
    // Overdue once the instant judged is past a due time.
    for (const due of [view.promised.dueAtMs, view.statutory.dueAtMs]) if (atMs <= due) changesAtMs = Math.min(changesAtMs, Math.floor(due) + 1);
  }
  return { judgement, changesAtMs };
};

export const addOpen = (t: Tally, j: OpenJudgement, n: number): void => {
  if (j.suspended) t.openSuspended += n;
  else if (j.overdue) t.openOverdue += n;
  else t.openWithinLimit += n;
  if (!j.suspended && j.statutoryOverdue) t.openStatutoryOverdue += n;
  if (j.provisional) t.openProvisional += n;
};

/** A case accepted: the acceptance time and investment are sums when n > 1. */
export const addAcceptances = (t: Tally, n: number, acceptanceMs: bigint, immediate: number, carriedOut: number): void => {
  t.accepted += n;
  t.acceptanceMs += acceptanceMs;
  t.acceptanceCases += n;
  t.immediateAccepted += immediate;
  t.carryOut += carriedOut;
};

/** Adds an exact sum of money (several facts of one currency) to its currency's sum. */
export const addMoneySum = (sums: Map<string, Ratio>, currency: string, sum: Ratio): void => {
  const prev = sums.get(currency);
  sums.set(currency, prev ? add(prev, sum) : sum);
};

/** The amount approved by an approving decision (else the investment applied for). */
export const approvedAmountOf = (c: CaseFacts): Money | undefined => (c.decision === 'approved' ? c.approvedAmount ?? c.investment : undefined);

/** An evaluation 好差评 of the period: satisfied, bad, valid bad review, and its 2、5、15 handling. */
export interface EvaluationJudgement {
  satisfied: boolean;
  bad: boolean;
  valid: boolean;
  rectifiedInTime: boolean;
  contactedInTime: boolean;
}

/** Whether an evaluation is a valid 差评 (level ≤ 2, not triaged invalid). */
const validBad = (e: EvaluationFacts): boolean => e.level <= 2 && e.triagedValid !== false;

export const judgeEvaluation = (ctx: HallContext, c: CaseFacts, e: EvaluationFacts, options: FigureOptions): EvaluationJudgement => {
  const valid = validBad(e);
  const d = valid ? badReviewDeadlinesOf(ctx, c, e, options.rectificationWorkingDays) : undefined;
  return {
    satisfied: options.satisfiedLevels.includes(e.level),
    bad: e.level <= 2,
    valid,
    rectifiedInTime: d !== undefined && e.rectifiedAtMs !== undefined && e.rectifiedAtMs <= d.rectify.dueAt,
    contactedInTime: d !== undefined && e.contactedAtMs !== undefined && e.contactedAtMs <= d.contact.dueAt,
  };
};

export const addEvaluations = (t: Tally, j: EvaluationJudgement, n: number): void => {
  t.evaluations += n;
  if (j.satisfied) t.satisfied += n;
  if (j.bad) t.badReviews += n;
  if (j.valid) t.validBadReviews += n;
  if (j.rectifiedInTime) t.rectifiedInTime += n;
  if (j.contactedInTime) t.contactedInTime += n;
};

/** A 差评 closed (rectified): whether it counts for the call-back rate, and whether it was called back in time. */
export const closedBadReview = (e: EvaluationFacts): boolean => !e.excluded && validBad(e) && e.rectifiedAtMs !== undefined;

export const judgeCallBack = (ctx: HallContext, c: CaseFacts, e: EvaluationFacts, options: FigureOptions): boolean => {
  const callBack = badReviewDeadlinesOf(ctx, c, e, options.rectificationWorkingDays).callBack;
  return callBack !== undefined && e.calledBackAtMs !== undefined && e.calledBackAtMs <= callBack.dueAt;
};

export const addClosedBadReviews = (t: Tally, calledBackInTime: boolean, n: number): void => {
  t.closedBadReviews += n;
  if (calledBackInTime) t.calledBackInTime += n;
};

/** A joint-review 并联 opinion returned by its reply due time. */
export const jointAnsweredOnTime = (j: JointFacts): boolean => j.answeredAtMs !== undefined && j.answeredAtMs <= j.replyDueAtMs;

export const addJointReplies = (t: Tally, onTime: boolean, n: number): void => {
  t.jointReplies += n;
  if (onTime) t.jointRepliesOnTime += n;
};

/** 超时默认: counted apart, in the denominator of on-time replies, never on time (spec §3.1). */
export const addDeemedConsents = (t: Tally, n: number): void => {
  t.deemedConsents += n;
  t.jointReplies += n;
};

/** A complaint answered by its answer due time. */
export const complaintAnsweredOnTime = (x: ComplaintFacts): boolean => x.answeredAt >= 0 && x.answeredAt <= x.answerDueAt;

export const addComplaintAnswers = (t: Tally, onTime: boolean, n: number): void => {
  t.complaintsAnswered += n;
  if (onTime) t.complaintsAnsweredOnTime += n;
};

/** A money amount as an exact ratio (what `addMoney` adds). */
export const moneyRatio = (money: Money): Ratio => ratioOfDecimal(money.amount);

export { addMoney };
