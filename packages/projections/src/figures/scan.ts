import type { CaseFacts, CaseFactsState } from '../cases/facts';
import {
  addAcceptances, addClosedBadReviews, addComplaintAnswers, addCompletions, addDeemedConsents, addEvaluations, addJointReplies, addOpen,
  approvedAmountOf, closedBadReview, complaintAnsweredOnTime, judgeCallBack, judgeCompletion, judgeEvaluation, judgeOpen, jointAnsweredOnTime,
} from './judge';
import type { KeyOf } from './dimensions';
import type { FigureOptions } from './options';
import { addMoney, type TallyBook } from './tally';

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
      addComplaintAnswers(book.of(scope.keys.ofComplaint(x, state.cases)), complaintAnsweredOnTime(x), 1);
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
    const openAtEnd = !completedBeforeEnd && !(c.withdrawnAt >= 0 && c.withdrawnAt < endMs);
    addAcceptances(t, 1, BigInt(c.acceptedAt - c.submittedAt), c.kind === 'immediate' ? 1 : 0, openAtEnd ? 1 : 0);
    if (c.investment) addMoney(t.investmentAccepted, c.investment);
  }
  const approved = approvedAmountOf(c);
  if (approved && within(c.decidedAt, scope)) addMoney(book.of(keys.ofCase(c, 'complete')).investmentApproved, approved);
  const counts = cohort ? acceptedInPeriod && c.completedAt >= 0 : c.completedAt >= 0 && within(c.completedAt, scope);
  if (counts) scanCompletion(state, c, scope, book, cohort ? Number.MAX_SAFE_INTEGER : endMs);
  if (!completedBeforeEnd && !(c.withdrawnAt >= 0 && c.withdrawnAt < endMs)) scanOpen(state, c, scope, book);
  for (const j of c.joint) {
    if (j.answeredAtMs !== undefined && within(j.answeredAtMs, scope)) addJointReplies(book.of(keys.ofJoint(c, j)), jointAnsweredOnTime(j), 1);
    if (j.deemedAtMs !== undefined && within(j.deemedAtMs, scope)) addDeemedConsents(book.of(keys.ofJoint(c, j)), 1);
  }
  scanEvaluations(state, c, scope, book);
};

const scanCompletion = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook, horizon: number): void => {
  const j = judgeCompletion(state.context, c, scope.options, horizon);
  addCompletions(book.of(scope.keys.ofCase(c, 'complete')), j, 1, c.acceptedAt < scope.startMs ? 1 : 0);
};

const scanOpen = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook): void => {
  addOpen(book.of(scope.keys.ofCase(c, 'complete')), judgeOpen(state.context, c, scope.endMs, scope.options), 1);
};

const scanEvaluations = (state: CaseFactsState, c: CaseFacts, scope: ScanScope, book: TallyBook): void => {
  const { options, keys } = scope;
  for (const e of c.evaluations) {
    if (e.excluded || !within(e.atMs, scope)) continue;
    addEvaluations(book.of(keys.ofEvaluation(c, e)), judgeEvaluation(state.context, c, e, options), 1);
  }
  // 回访率: the 差评 closed (rectified) in the period, called back within 5 working days of the closing.
  for (const e of c.evaluations) {
    if (!closedBadReview(e) || !within(e.rectifiedAtMs!, scope)) continue;
    addClosedBadReviews(book.of(keys.ofEvaluation(c, e)), judgeCallBack(state.context, c, e, options), 1);
  }
  for (const f of c.followUps) if (within(f.atMs, scope)) book.of(keys.ofCase(c, 'complete')).followUps += 1;
  for (const e of c.lateEntries) if (within(e.recordedAtMs, scope)) book.of(keys.ofLateEntry(c, e)).lateEntries += 1;
};
