import { clockOf, type HallContext } from '../cases/context';
import type { CaseFacts, CaseFactsState, ComplaintFacts, ConsultationFacts } from '../cases/facts';
import { DIMENSIONS, keyOf, type Dimension, type KeyOf, type Stage } from '../figures/dimensions';
import { DEFAULT_FIGURE_OPTIONS } from '../figures/options';
import {
  approvedAmountOf, closedBadReview, complaintAnsweredOnTime, judgeCallBack, judgeCompletion, judgeEvaluation, judgeOpenSpan, jointAnsweredOnTime,
  moneyRatio, type CompletionJudgement, type EvaluationJudgement, type OpenJudgement,
} from '../figures/judge';
import { epochDayOf, localDateOf, type Money, type WorkClock } from '@banjian/core';

/**
 * One fact a figure counts, as the figure facts read model keeps it: what it is, when (epoch ms,
 * business time), where (hall and its key in every report dimension) and how the report's rules
 * judged it (`flags`, the judgement's booleans as bits, with its office-time sums). The period's
 * own conditions (carried in or out, open at the end) are left to the query: the row holds the
 * times they compare.
 */
export const FACT = {
  consultation: 1, complaintFiled: 2, complaintAnswered: 3, application: 4, rejected: 5, accepted: 6, approved: 7,
  completed: 8, open: 9, jointAnswered: 10, jointDeemed: 11, evaluation: 12, badReviewClosed: 13, followUp: 14, lateEntry: 15,
} as const;

export type FactKind = (typeof FACT)[keyof typeof FACT];

/** An open-status row lasting to the end of time (a case still open when last folded). */
export const OPEN_FOREVER = 8_640_000_000_000_000;

export interface FigureFactRow {
  owner: string;
  fact: FactKind;
  atMs: number;
  /** Open rows: the last period end (a local midnight) the status holds for; `OPEN_FOREVER` when it lasts. */
  untilMs: number | null;
  hallId: string;
  keys: readonly string[];
  acceptedAt: number | null;
  /** Accepted rows: completion or withdrawal, whichever came first (null while open). */
  closeAt: number | null;
  flags: number;
  perDayMs: number | null;
  ms1: number;
  ms2: number;
  currency: string | null;
  /** Money in millionths of the currency unit (exact for amounts with up to 6 decimals). */
  amount: number | null;
}

/** The judgement flags each fact kind stores, in bit order (a judgement's booleans as they are named). */
export const COMPLETION_FLAGS = [
  'onTime', 'lateExtension', 'statutoryLate', 'early', 'sameDay', 'immediateSameDay', 'onSite', 'evaluated', 'activelyEvaluated', 'timed', 'speedup',
] as const satisfies readonly (keyof CompletionJudgement)[];
export const OPEN_FLAGS = ['suspended', 'overdue', 'statutoryOverdue', 'provisional'] as const satisfies readonly (keyof OpenJudgement)[];
export const EVALUATION_FLAGS = ['satisfied', 'bad', 'valid', 'rectifiedInTime', 'contactedInTime'] as const satisfies readonly (keyof EvaluationJudgement)[];

export const encodeFlags = <K extends string>(names: readonly K[], j: Readonly<Record<K, boolean>>): number => {
  let flags = 0;
  names.forEach((name, bit) => {
    if (j[name]) flags |= 1 << bit;
  });
  return flags;
};

export const decodeFlags = <K extends string>(names: readonly K[], flags: number): Record<K, boolean> => {
  const out = {} as Record<K, boolean>;
  names.forEach((name, bit) => {
    out[name] = (flags & (1 << bit)) !== 0;
  });
  return out;
};

/** The judgements are the default definitions' (the read model serves reports with those; see `figureFactsServe`). */
const OPTIONS = DEFAULT_FIGURE_OPTIONS;
/** Completions are judged with no horizon: under the default judging (at completion) every period judges them alike. */
const NO_HORIZON = Number.MAX_SAFE_INTEGER;
/** The longest an open case's status is followed day by day before its last status is taken to last. */
const MAX_OPEN_DAYS = 3_660;
const MONEY_SCALE = 1_000_000n;

const scaledMoney = (money: Money): number => {
  const r = moneyRatio(money);
  if (MONEY_SCALE % r.d !== 0n) throw new RangeError(`figure facts keep amounts to 6 decimals; ${money.amount} ${money.currency} has more`);
  return Number(r.n * (MONEY_SCALE / r.d));
};

/** Every dimension's key function over one context (made once per batch). */
export const dimensionKeys = (ctx: HallContext): readonly KeyOf[] => DIMENSIONS.map((d) => keyOf(ctx, d));

export const dimensionIndex = (d: Dimension): number => DIMENSIONS.indexOf(d);

const row = (owner: string, fact: FactKind, atMs: number, hallId: string, keys: readonly string[], extra: Partial<FigureFactRow> = {}): FigureFactRow => ({
  owner, fact, atMs, untilMs: null, hallId, keys, acceptedAt: null, closeAt: null, flags: 0, perDayMs: null, ms1: 0, ms2: 0, currency: null, amount: null, ...extra,
});

/**
 * The rows of one case: its application, acceptance, decision, completion, open status by period
 * end (owned apart, `open:<caseId>`, and left out when `withOpen` is false), joint replies,
 * evaluations, follow-ups, late entries.
 */
export const caseFactRows = (
  state: CaseFactsState, c: CaseFacts, lastAtMs: number, dims: readonly KeyOf[] = dimensionKeys(state.context), withOpen = true,
): FigureFactRow[] => {
  const ctx = state.context;
  const owner = `case:${c.caseId}`;
  const stageKeys = new Map<Stage, string[]>();
  const ofCase = (stage: Stage): string[] => {
    let keys = stageKeys.get(stage);
    if (!keys) stageKeys.set(stage, (keys = dims.map((k) => k.ofCase(c, stage))));
    return keys;
  };
  const rows: FigureFactRow[] = [row(owner, FACT.application, c.submittedAt, c.hallId, ofCase('submit'))];
  if (c.rejectedAt >= 0) rows.push(row(owner, FACT.rejected, c.rejectedAt, c.hallId, ofCase('submit')));
  const accepted = c.acceptedAt >= 0;
  const acceptedAt = accepted ? c.acceptedAt : null;
  const closeAt = closeAtOf(c);
  if (accepted) {
    rows.push(row(owner, FACT.accepted, c.acceptedAt, c.hallId, ofCase('accept'), {
      acceptedAt, closeAt, flags: c.kind === 'immediate' ? 1 : 0, ms1: c.acceptedAt - c.submittedAt,
      ...(c.investment ? { currency: c.investment.currency, amount: scaledMoney(c.investment) } : {}),
    }));
  }
  const approved = approvedAmountOf(c);
  if (approved) rows.push(row(owner, FACT.approved, c.decidedAt, c.hallId, ofCase('complete'), { acceptedAt, currency: approved.currency, amount: scaledMoney(approved) }));
  if (accepted && c.completedAt >= 0) {
    const j = judgeCompletion(ctx, c, OPTIONS, NO_HORIZON);
    rows.push(row(owner, FACT.completed, c.completedAt, c.hallId, ofCase('complete'), {
      acceptedAt, flags: encodeFlags(COMPLETION_FLAGS, j), perDayMs: j.perDayMs, ms1: j.actualMs, ms2: j.statutoryMs,
    }));
  }
  if (withOpen && accepted && c.clock) rows.push(...openRows(ctx, c, closeAt, lastAtMs, `open:${c.caseId}`, ofCase('complete')));
  for (const j of c.joint) {
    if (j.answeredAtMs !== undefined) rows.push(row(owner, FACT.jointAnswered, j.answeredAtMs, c.hallId, dims.map((k) => k.ofJoint(c, j)), { acceptedAt, flags: jointAnsweredOnTime(j) ? 1 : 0 }));
    if (j.deemedAtMs !== undefined) rows.push(row(owner, FACT.jointDeemed, j.deemedAtMs, c.hallId, dims.map((k) => k.ofJoint(c, j)), { acceptedAt }));
  }
  for (const e of c.evaluations) {
    if (e.excluded) continue;
    const keys = dims.map((k) => k.ofEvaluation(c, e));
    rows.push(row(owner, FACT.evaluation, e.atMs, c.hallId, keys, { flags: encodeFlags(EVALUATION_FLAGS, judgeEvaluation(ctx, c, e, OPTIONS)) }));
    if (closedBadReview(e)) rows.push(row(owner, FACT.badReviewClosed, e.rectifiedAtMs!, c.hallId, keys, { flags: judgeCallBack(ctx, c, e, OPTIONS) ? 1 : 0 }));
  }
  for (const f of c.followUps) rows.push(row(owner, FACT.followUp, f.atMs, c.hallId, ofCase('complete')));
  for (const e of c.lateEntries) rows.push(row(owner, FACT.lateEntry, e.recordedAtMs, c.hallId, dims.map((k) => k.ofLateEntry(c, e))));
  return rows;
};

const sameOpen = (a: OpenJudgement, b: OpenJudgement): boolean =>
  a.suspended === b.suspended && a.overdue === b.overdue && a.statutoryOverdue === b.statutoryOverdue && a.provisional === b.provisional;

/** When a case closed (completion or withdrawal, whichever came first), null while open. */
export const closeAtOf = (c: CaseFacts): number | null => {
  const closes = [c.completedAt, c.withdrawnAt].filter((t) => t >= 0);
  return closes.length > 0 ? Math.min(...closes) : null;
};

/** Once nothing more can change it: past the case's last event, and running past both due times or suspended with a provisional due time (it only moves later). */
const settled = (j: OpenJudgement): boolean => (j.suspended ? j.provisional : j.overdue && j.statutoryOverdue);

/**
 * The case's status at every period end it is open at — each local midnight after its acceptance
 * up to its close — judged by `judgeOpen` as the report judges it, kept as runs of equal status.
 * Midnights where it cannot change are not judged again (`judgeOpenSpan`): the next one judged is
 * the first at or after the status may change, or where the loop would stop (past the close, past
 * the case's last event, the day limit).
 */
/** Local midnights by epoch day, per clock: the open-status walk asks for the same days case after case. */
const midnights = new WeakMap<WorkClock, Map<number, number>>();

const midnightOf = (clock: WorkClock, day: number): number => {
  let known = midnights.get(clock);
  if (!known) midnights.set(clock, (known = new Map()));
  let ms = known.get(day);
  if (ms === undefined) known.set(day, (ms = clock.startOfDay(localDateOf(day))));
  return ms;
};

const openRows = (ctx: HallContext, c: CaseFacts, closeAt: number | null, lastAtMs: number, owner: string, keys: readonly string[]): FigureFactRow[] => {
  const clock = clockOf(ctx, c.hallId);
  const rows: FigureFactRow[] = [];
  // Days as epoch days (local dates of the hall's zone).
  let date = epochDayOf(clock.localDate(c.acceptedAt)) + 1;
  const lastDay = date + MAX_OPEN_DAYS;
  let run: { from: number; until: number; j: OpenJudgement } | undefined;
  const flush = (until: number) => {
    if (run) rows.push(row(owner, FACT.open, run.from, c.hallId, keys, { untilMs: until, flags: encodeFlags(OPEN_FLAGS, run.j) }));
  };
  for (;;) {
    const midnight = midnightOf(clock, date);
    if (closeAt !== null && midnight > closeAt) {
      flush(run?.until ?? 0);
      return rows;
    }
    const { judgement: j, changesAtMs } = judgeOpenSpan(ctx, c, midnight, DEFAULT_FIGURE_OPTIONS);
    if (run && sameOpen(run.j, j)) run.until = midnight;
    else {
      flush(run?.until ?? 0);
      run = { from: midnight, until: midnight, j };
    }
    if (closeAt === null && midnight > lastAtMs && (settled(j) || date >= lastDay)) {
      flush(OPEN_FOREVER);
      return rows;
    }
    let next = changesAtMs;
    if (closeAt !== null) next = Math.min(next, Math.floor(closeAt) + 1);
    else {
      if (midnight <= lastAtMs) next = Math.min(next, Math.floor(lastAtMs) + 1);
      next = Math.min(next, midnightOf(clock, lastDay));
    }
    const following = date + 1;
    if (next <= midnightOf(clock, following)) date = following;
    else {
      let at = epochDayOf(clock.localDate(next));
      if (midnightOf(clock, at) < next) at += 1;
      // Every midnight skipped holds the status just judged.
      run.until = midnightOf(clock, at - 1);
      date = at;
    }
  }
};

/** A consultation's row (`index`: its place among the consultations, its identity). */
export const consultationRow = (x: ConsultationFacts, index: number, dims: readonly KeyOf[]): FigureFactRow =>
  row(`consultation:${index}`, FACT.consultation, x.atMs, x.hallId, dims.map((k) => k.ofConsultation(x)));

/** A complaint's rows: filed, and answered (on time or not). */
export const complaintRows = (state: CaseFactsState, x: ComplaintFacts, dims: readonly KeyOf[]): FigureFactRow[] => {
  const keys = dims.map((k) => k.ofComplaint(x, state.cases));
  const owner = `complaint:${x.complaintId}`;
  const rows = [row(owner, FACT.complaintFiled, x.filedAt, x.hallId, keys)];
  if (x.answeredAt >= 0) rows.push(row(owner, FACT.complaintAnswered, x.answeredAt, x.hallId, keys, { flags: complaintAnsweredOnTime(x) ? 1 : 0 }));
  return rows;
};
