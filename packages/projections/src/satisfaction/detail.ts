import { badReviewDeadlines, chinaCalendar, createWorkClock, parseInstant, type WorkClock } from '@banjian/core';
import { BAD_REVIEW_STAGES, DEFAULT_EVALUATION_POLICY, excludedByAppeal, isBadReview, isSatisfied, type BadReviewStage, type EvaluationPolicy } from './policy';
import type { EvaluationRecord, SatisfactionState } from './projection';

export type Level = 1 | 2 | 3 | 4 | 5;
export type LevelDistribution = Record<Level, number>;

export interface SatisfactionQuery {
  /** Evaluations, follow-ups and complaints whose own time is in `[from, to)` (ISO instant or epoch ms). */
  readonly from?: string | number;
  readonly to?: string | number;
  /**
   * The instant handling is judged at (default `to`): what was done later is still open, and open
   * past its due time is overdue. Without `at` or `to`, everything done counts and nothing is overdue.
   */
  readonly at?: string | number;
  readonly hallIds?: readonly string[];
  readonly policy?: EvaluationPolicy;
  /** The clock of a hall, for stage due times and months; default the national calendar in Asia/Shanghai. */
  readonly clockFor?: (hallId: string | undefined) => WorkClock;
}

/** How one handling stage went: done on time or late, still open within or past its due time. */
export interface StageTally {
  due: number;
  doneOnTime: number;
  doneLate: number;
  open: number;
  openOverdue: number;
}

export interface MonthTally {
  /** Local month `YYYY-MM` in the hall's zone. */
  month: string;
  evaluations: number;
  satisfied: number;
  bad: number;
  distribution: LevelDistribution;
}

export interface SatisfactionDetail {
  policy: EvaluationPolicy;
  /** Submitted in the period, excluded after appeal, and the rest (valid: what every rate counts). */
  evaluations: { submitted: number; excluded: number; valid: number; followUpRound: number; systemDefault: number };
  distribution: LevelDistribution;
  satisfied: number;
  bad: number;
  byMonth: MonthTally[];
  appeals: { filed: number; pending: number; upheld: number; mistaken: number; malicious: number };
  badReviews: {
    /** Bad reviews not excluded by appeal. */
    total: number;
    /** Of those, found not valid at triage. */
    invalid: number;
    valid: number;
    stages: Record<BadReviewStage, StageTally>;
  };
  followUps: { count: number; satisfied: number; notSatisfied: number; byMethod: Record<'phone' | 'visit' | 'sms' | 'online', number> };
  complaints: { filed: number; answered: number; answeredOnTime: number; open: number; openOverdue: number };
}

const toMs = (t: string | number | undefined): number | undefined => (t === undefined ? undefined : typeof t === 'number' ? t : parseInstant(t));

const defaultClock = (): WorkClock => createWorkClock({ calendar: chinaCalendar() });

const emptyDistribution = (): LevelDistribution => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
const emptyStage = (): StageTally => ({ due: 0, doneOnTime: 0, doneLate: 0, open: 0, openOverdue: 0 });

/** Done by `atMs` (anything done later is still open as seen from `atMs`). */
const doneBy = (doneAt: number | undefined, atMs: number | undefined): doneAt is number =>
  doneAt !== undefined && (atMs === undefined || doneAt <= atMs);

/** Judges one deadline: done at or before due is on time; open past due (at `atMs`) is overdue. */
const judge = (tally: StageTally, doneAt: number | undefined, dueAt: number, atMs: number | undefined): void => {
  tally.due += 1;
  if (doneBy(doneAt, atMs)) {
    if (doneAt <= dueAt) tally.doneOnTime += 1;
    else tally.doneLate += 1;
  } else if (atMs !== undefined && atMs > dueAt) tally.openOverdue += 1;
  else tally.open += 1;
};

/**
 * The due time of a bad-review handling stage, by core's one rule (`badReviewDeadlines`): the
 * triage's own rectification due time, else the policy's; the call-back is due only once the
 * 差评 is closed (never overdue before).
 */
export const stageDueAt = (record: EvaluationRecord, stage: BadReviewStage, clock: WorkClock, policy: EvaluationPolicy = DEFAULT_EVALUATION_POLICY): number => {
  const { due } = policy;
  const handling = {
    triageWorkingDays: due.triage.value, contactWorkingDays: due.reply.value, rectifySimpleWorkingDays: due.rectify.value,
    rectifyComplexWorkingDays: due.rectify.value, callBackWorkingDays: due.callback.value,
  };
  const progress = {
    submittedAtMs: record.submittedAt,
    ...(record.triageDueAt === undefined ? {} : { rectifyDueAtMs: record.triageDueAt }),
    ...(record.handled.rectify === undefined ? {} : { rectifiedAtMs: record.handled.rectify }),
  };
  const d = badReviewDeadlines(clock, handling, progress);
  return { triage: d.triage.dueAt, reply: d.contact.dueAt, rectify: d.rectify.dueAt, callback: d.callBack?.dueAt ?? Number.POSITIVE_INFINITY }[stage];
};

/** Whether an evaluation counts in rates at `atMs`: not excluded by then after appeal as mistaken or malicious. */
export const countsInRates = (record: EvaluationRecord, atMs?: number): boolean =>
  !(record.appeal && excludedByAppeal(record.appeal.outcome) && doneBy(record.appeal.decidedAt, atMs));

/**
 * Level distribution, monthly trend, appeals, bad-review handling against the policy's due times,
 * follow-ups and complaints answered on time, for a period and halls.
 */
export const satisfactionDetail = (state: SatisfactionState, query: SatisfactionQuery = {}): SatisfactionDetail => {
  const policy = query.policy ?? DEFAULT_EVALUATION_POLICY;
  const from = toMs(query.from) ?? -Infinity;
  const to = toMs(query.to) ?? Infinity;
  const at = toMs(query.at) ?? toMs(query.to);
  const halls = query.hallIds ? new Set(query.hallIds) : undefined;
  let fallback: WorkClock | undefined;
  const clockFor = query.clockFor ?? (() => (fallback ??= defaultClock()));
  const inScope = (time: number, hallId: string | undefined) => time >= from && time < to && (halls === undefined || (hallId !== undefined && halls.has(hallId)));

  const detail: SatisfactionDetail = {
    policy,
    evaluations: { submitted: 0, excluded: 0, valid: 0, followUpRound: 0, systemDefault: 0 },
    distribution: emptyDistribution(),
    satisfied: 0,
    bad: 0,
    byMonth: [],
    appeals: { filed: 0, pending: 0, upheld: 0, mistaken: 0, malicious: 0 },
    badReviews: { total: 0, invalid: 0, valid: 0, stages: { triage: emptyStage(), reply: emptyStage(), rectify: emptyStage(), callback: emptyStage() } },
    followUps: { count: 0, satisfied: 0, notSatisfied: 0, byMethod: { phone: 0, visit: 0, sms: 0, online: 0 } },
    complaints: { filed: 0, answered: 0, answeredOnTime: 0, open: 0, openOverdue: 0 },
  };
  const months = new Map<string, MonthTally>();

  for (const record of state.evaluations.values()) {
    if (!inScope(record.submittedAt, record.hallId)) continue;
    const clock = clockFor(record.hallId);
    detail.evaluations.submitted += 1;
    if (doneBy(record.appealedAt, at)) {
      detail.appeals.filed += 1;
      if (record.appeal && doneBy(record.appeal.decidedAt, at)) detail.appeals[record.appeal.outcome] += 1;
      else detail.appeals.pending += 1;
    }
    if (!countsInRates(record, at)) {
      detail.evaluations.excluded += 1;
      continue;
    }
    detail.evaluations.valid += 1;
    if (record.round === 'followUp') detail.evaluations.followUpRound += 1;
    if (record.channel === 'systemDefault') detail.evaluations.systemDefault += 1;
    const satisfied = isSatisfied(record.level, policy);
    const bad = isBadReview(record.level, policy);
    detail.distribution[record.level] += 1;
    if (satisfied) detail.satisfied += 1;
    if (bad) detail.bad += 1;

    const month = clock.localDate(record.submittedAt).slice(0, 7);
    let tally = months.get(month);
    if (!tally) months.set(month, (tally = { month, evaluations: 0, satisfied: 0, bad: 0, distribution: emptyDistribution() }));
    tally.evaluations += 1;
    tally.distribution[record.level] += 1;
    if (satisfied) tally.satisfied += 1;
    if (bad) tally.bad += 1;

    if (!bad) continue;
    detail.badReviews.total += 1;
    judge(detail.badReviews.stages.triage, record.handled.triage, stageDueAt(record, 'triage', clock, policy), at);
    if (record.valid === false && doneBy(record.handled.triage, at)) {
      detail.badReviews.invalid += 1;
      continue;
    }
    detail.badReviews.valid += 1;
    for (const stage of BAD_REVIEW_STAGES) {
      if (stage !== 'triage') judge(detail.badReviews.stages[stage], record.handled[stage], stageDueAt(record, stage, clock, policy), at);
    }
  }
  detail.byMonth = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));

  for (const followUp of state.followUps) {
    if (!inScope(followUp.at, followUp.hallId)) continue;
    detail.followUps.count += 1;
    detail.followUps.byMethod[followUp.method] += 1;
    if (followUp.satisfied === true) detail.followUps.satisfied += 1;
    if (followUp.satisfied === false) detail.followUps.notSatisfied += 1;
  }

  for (const complaint of state.complaints.values()) {
    if (!inScope(complaint.filedAt, complaint.hallId)) continue;
    detail.complaints.filed += 1;
    if (doneBy(complaint.answeredAt, at)) {
      detail.complaints.answered += 1;
      if (complaint.answeredAt <= complaint.answerDueAt) detail.complaints.answeredOnTime += 1;
    } else if (at !== undefined && at > complaint.answerDueAt) detail.complaints.openOverdue += 1;
    else detail.complaints.open += 1;
  }
  return detail;
};
