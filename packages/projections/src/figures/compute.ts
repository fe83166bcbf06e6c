import type { FigureId } from './definitions';
import { add, ratio, sub, type Ratio } from './exact';
import { countFigure, moneyFigure, percentFigure, ratioFigure, type Figure } from './figure';
import { variantsOf, type FigureOptions } from './options';
import type { Tally } from './tally';

const COUNTING = ['counting'];
const JUDGING = ['clock.judgeAt', 'clock.transfers'];

/** Working days of a sum of office ms kept per office-ms-per-day: Σ ms_k / perDay_k, exactly. */
const workingDays = (byPerDay: ReadonlyMap<number, bigint>): Ratio => {
  let total = ratio(0, 1);
  for (const [perDay, ms] of [...byPerDay.entries()].sort((a, b) => a[0] - b[0])) total = add(total, ratio(ms, perDay));
  return total;
};

/** The figures of §5 that come from one tally (catalogue figures and year-over-year are added by the query). */
export const figuresOfTally = (t: Tally, months: Ratio, options: FigureOptions): Partial<Record<FigureId, Figure>> => {
  const v = (keys: readonly string[]) => variantsOf(options, keys);
  const overdueParts = { completedLate: t.completedLate, openOverdue: t.openOverdue };
  const earlyDenominator = options.earlyCompletionDenominator === 'completed' ? t.completed : t.accepted;
  const evaluationDenominator = options.evaluationRateDenominator === 'accepted' ? t.accepted : t.completed;
  const speedup = options.actualSpeedup === 'meanOfRatios'
    ? speedupMeanOfRatios(t, v(['actualSpeedup']))
    : ratioFigure('actualSpeedup', sub(workingDays(t.speedupStatutoryMs), workingDays(t.speedupActualMs)), workingDays(t.speedupStatutoryMs));
  return {
    consultations: countFigure('consultations', t.consultations),
    applications: countFigure('applications', t.applications),
    accepted: countFigure('accepted', t.accepted),
    rejected: countFigure('rejected', t.rejected),
    completed: countFigure('completed', t.completed, v(COUNTING)),
    carryIn: countFigure('carryIn', t.carryIn),
    carryOut: countFigure('carryOut', t.carryOut),
    open: countFigure('open', t.openWithinLimit + t.openSuspended + t.openOverdue, v(JUDGING), {
      withinLimit: t.openWithinLimit, suspended: t.openSuspended, overdue: t.openOverdue, provisional: t.openProvisional,
    }),
    completionRate: percentFigure('completionRate', t.completed, t.accepted, v(COUNTING)),
    onTimeRate: percentFigure('onTimeRate', t.onTime, t.completed, v([...COUNTING, ...JUDGING])),
    overdue: countFigure('overdue', t.completedLate + t.openOverdue, v(JUDGING), overdueParts),
    statutoryOverdue: countFigure('statutoryOverdue', t.completedStatutoryLate + t.openStatutoryOverdue, v(JUDGING), {
      completedLate: t.completedStatutoryLate, openOverdue: t.openStatutoryOverdue,
    }),
    earlyCompletionRate: percentFigure('earlyCompletionRate', t.early, earlyDenominator, v([...COUNTING, 'earlyCompletionDenominator', ...JUDGING])),
    sameDayCompletionRate: percentFigure('sameDayCompletionRate', t.sameDay, t.accepted, v(COUNTING)),
    onSiteCompletionRate: percentFigure('onSiteCompletionRate', t.onSite, t.completed, v(COUNTING)),
    immediateCompletionRate: percentFigure('immediateCompletionRate', t.immediateSameDay, t.immediateAccepted, v(COUNTING)),
    monthlyAverageCompleted: ratioFigure('monthlyAverageCompleted', ratio(t.completed, 1), months, v(COUNTING)),
    averageAcceptanceTime: ratioFigure('averageAcceptanceTime', ratio(t.acceptanceMs, 86_400_000), ratio(t.acceptanceCases, 1)),
    averageCompletionTime: ratioFigure('averageCompletionTime', workingDays(t.completionOfficeMs), ratio(t.completionCases, 1), v(COUNTING)),
    actualSpeedup: speedup,
    evaluations: countFigure('evaluations', t.evaluations),
    evaluationRate: percentFigure('evaluationRate', t.evaluatedCases, evaluationDenominator, v(['evaluationRateDenominator'])),
    satisfactionRate: percentFigure('satisfactionRate', t.satisfied, t.evaluations, v(['satisfiedLevels'])),
    badReviewRate: percentFigure('badReviewRate', t.badReviews, t.evaluations),
    activeEvaluationRate: percentFigure('activeEvaluationRate', t.activelyEvaluatedCases, t.completed),
    badReviewRectificationRate: percentFigure('badReviewRectificationRate', t.rectifiedInTime, t.validBadReviews, v(['rectificationWorkingDays'])),
    followUps: countFigure('followUps', t.followUps),
    complaints: countFigure('complaints', t.complaints),
    complaintOnTimeAnswerRate: percentFigure('complaintOnTimeAnswerRate', t.complaintsAnsweredOnTime, t.complaintsAnswered),
    deemedConsents: countFigure('deemedConsents', t.deemedConsents),
    jointReplyOnTimeRate: percentFigure('jointReplyOnTimeRate', t.jointRepliesOnTime, t.jointReplies),
    investmentAccepted: moneyFigure('investmentAccepted', t.investmentAccepted),
    investmentApproved: moneyFigure('investmentApproved', t.investmentApproved),
    lateEntries: countFigure('lateEntries', t.lateEntries),
    badReviewContactOnTimeRate: percentFigure('badReviewContactOnTimeRate', t.contactedInTime, t.validBadReviews),
    badReviewCallBackRate: percentFigure('badReviewCallBackRate', t.calledBackInTime, t.closedBadReviews),
  };
};

/** The mean-of-ratios variant sums binary floats per case; it is rounded from that sum (documented in the registry). */
const speedupMeanOfRatios = (t: Tally, variant: string | undefined): Figure => {
  if (t.speedupCases === 0) return percentFigure('actualSpeedup', 0, 0, variant);
  const scale = 1_000_000_000;
  const saved = Math.round((t.speedupCases - t.speedupRatioSum) * scale);
  return ratioFigure('actualSpeedup', ratio(saved, scale), ratio(t.speedupCases, 1), variant);
};
