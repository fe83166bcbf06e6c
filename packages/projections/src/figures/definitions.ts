/**
 * The figure definition registry (spec §5): every published figure names `id@version` from here,
 * so an auditor knows which formula produced it and docs can be generated from it. A changed
 * formula is a new version, never an edit of an old one.
 */
export type FigureKind = 'count' | 'percent' | 'average' | 'money' | 'difference';

export interface FigureDefinition {
  readonly id: FigureId;
  readonly version: number;
  readonly zh: string;
  readonly en: string;
  /** Unit of the value: `件`, `%`, `天` (natural days), `工作日` (working days), `件/月`, `人次`, or a currency. */
  readonly unit?: string;
  readonly kind: FigureKind;
  /** Decimals of the published value. */
  readonly decimals: number;
  readonly formula: string;
  /** The variants a report may choose instead of the default (option → what it changes). */
  readonly variants?: Readonly<Record<string, string>>;
}

export const FIGURE_IDS = [
  'consultations', 'applications', 'accepted', 'rejected', 'completed', 'carryIn', 'carryOut', 'open',
  'completionRate', 'onTimeRate', 'overdue', 'statutoryOverdue', 'earlyCompletionRate', 'sameDayCompletionRate',
  'onSiteCompletionRate', 'immediateCompletionRate', 'monthlyAverageCompleted', 'averageAcceptanceTime',
  'averageCompletionTime', 'averageStatutoryLimit', 'averagePromisedLimit', 'promisedSpeedup', 'actualSpeedup',
  'evaluations', 'evaluationRate', 'satisfactionRate', 'badReviewRate', 'activeEvaluationRate',
  'badReviewRectificationRate', 'followUps', 'complaints', 'complaintOnTimeAnswerRate', 'deemedConsents',
  'jointReplyOnTimeRate', 'investmentAccepted', 'investmentApproved', 'yearOverYear',
  'lateEntries', 'badReviewContactOnTimeRate', 'badReviewCallBackRate',
] as const;

export type FigureId = (typeof FIGURE_IDS)[number];

const flowNote = 'Flow counting (default): each event counts in the period its own time falls in; cohort counting follows the cases accepted in the period.';
const clockNote =
  'Effective due time = promised limit + extensions requested in time + suspended office time (spec §4); correction after acceptance restarts the clock (variant: resumes); a transfer keeps the case clock (variant: a fresh limit for the receiving department from the day after the handover).';

const def = (
  id: FigureId, zh: string, en: string, kind: FigureKind, formula: string,
  extra: { unit?: string; decimals?: number; variants?: Record<string, string>; version?: number } = {},
): FigureDefinition => {
  const decimals = extra.decimals ?? (kind === 'count' ? 0 : 2);
  const unit = extra.unit ?? (kind === 'count' ? '件' : kind === 'percent' ? '%' : undefined);
  return Object.freeze({
    id, version: extra.version ?? 1, zh, en, kind, decimals, formula,
    ...(unit ? { unit } : {}), ...(extra.variants ? { variants: Object.freeze(extra.variants) } : {}),
  });
};

const counting = { counting: 'cohort: cases accepted in the period instead of events in the period' };
const judging = {
  'clock.judgeAt': 'delivery: judged at delivery (送达/领取); an applicant no-show 逾期未领取 counts as on time',
  'clock.transfers': 'segment: a transfer gives the receiving department a fresh limit from the day after the handover instead of keeping the case clock',
};

export const FIGURE_DEFINITIONS: Readonly<Record<FigureId, FigureDefinition>> = Object.freeze({
  consultations: def('consultations', '咨询', 'Consultations', 'count', 'count of ConsultationRecorded in the period'),
  applications: def('applications', '申请', 'Applications', 'count', 'count of ApplicationSubmitted in the period'),
  accepted: def('accepted', '受理', 'Accepted', 'count', 'count of CaseAccepted in the period'),
  rejected: def('rejected', '不予受理', 'Rejected', 'count', 'count of CaseRejected in the period'),
  completed: def('completed', '办结', 'Completed', 'count', `count of CaseCompleted in the period. ${flowNote}`, { variants: counting }),
  carryIn: def('carryIn', '结转(上期转入)', 'Carried in', 'count', 'completed in the period, accepted before it'),
  carryOut: def('carryOut', '结转(转入下期)', 'Carried out', 'count', 'accepted in the period and still open at its end'),
  open: def('open', '在办', 'Open', 'count', 'accepted before the end of the period and open at its end; parts withinLimit / suspended / overdue (promised limit, effective due time); part provisional: of those, the cases whose due time still lies in a year with no announced calendar'),
  completionRate: def('completionRate', '办结率', 'Completion rate', 'percent', `completed / accepted. ${flowNote}`, { variants: counting }),
  onTimeRate: def('onTimeRate', '按时办结率', 'On-time rate', 'percent', `completed at or before the effective due time / completed. ${clockNote}`, { variants: { ...counting, ...judging } }),
  overdue: def('overdue', '超期件', 'Overdue', 'count', 'completed late in the period + open and overdue at its end (parts completedLate / openOverdue); an extension requested after the due time does not count', { variants: judging }),
  statutoryOverdue: def('statutoryOverdue', '超法定时限', 'Past statutory limit', 'count', 'as overdue, against the statutory limit 法定时限 (parts completedLate / openOverdue)', { variants: judging }),
  earlyCompletionRate: def('earlyCompletionRate', '提前办结率', 'Early-completion rate', 'percent', `completed on a local date before the date of the effective due time / accepted. ${clockNote}`, {
    variants: { ...counting, earlyCompletionDenominator: 'completed: divide by completed instead of accepted' },
  }),
  sameDayCompletionRate: def('sameDayCompletionRate', '日结率', 'Same-day completion rate', 'percent', 'completed on the local date of acceptance / accepted', { variants: counting }),
  onSiteCompletionRate: def('onSiteCompletionRate', '现场办结率', 'On-site completion rate', 'percent', 'completed at the hall (result not forwarded, case never escalated) / completed', { variants: counting }),
  immediateCompletionRate: def('immediateCompletionRate', '即办件办结率', 'Immediate-case completion rate', 'percent', 'immediate cases (即办件) completed on the day of acceptance / immediate cases accepted', { variants: counting }),
  monthlyAverageCompleted: def('monthlyAverageCompleted', '月均办结', 'Completed per month', 'average', 'completed / months in the period (a partial month counts by its share of days)', { unit: '件/月', decimals: 0 }),
  averageAcceptanceTime: def('averageAcceptanceTime', '平均受理时间', 'Average acceptance time', 'average', 'mean(acceptedAt − submittedAt) in natural days (86,400 s), cases accepted in the period', { unit: '天' }),
  averageCompletionTime: def('averageCompletionTime', '承诺件平均办结时间', 'Average completion time (promised cases)', 'average', 'mean office time accepted → completed, every suspension excluded, in working days (office seconds ÷ office seconds per day), promised cases completed in the period', { unit: '工作日' }),
  averageStatutoryLimit: def('averageStatutoryLimit', '平均法定时限', 'Average statutory limit', 'average', 'Σ statutory limits / number of items, over the catalogue items stationed at the hall (tree) on the last day of the period; working-hour limits convert by office hours per day, natural-day limits are left out', { unit: '工作日' }),
  averagePromisedLimit: def('averagePromisedLimit', '平均承诺时限', 'Average promised limit', 'average', 'Σ promised limits / number of items, same items as averageStatutoryLimit', { unit: '工作日' }),
  promisedSpeedup: def('promisedSpeedup', '承诺提速', 'Promised speed-up', 'percent', '(Σ statutory − Σ promised) / Σ statutory over the stationed items (= (averageStatutoryLimit − averagePromisedLimit) / averageStatutoryLimit)'),
  actualSpeedup: def('actualSpeedup', '实际办理提速', 'Actual speed-up', 'percent', '1 − Σ actual working days / Σ statutory limits in working days (numerator Σ statutory − Σ actual, denominator Σ statutory), promised cases completed in the period, suspensions excluded', {
    variants: { actualSpeedup: 'meanOfRatios: 1 − mean over cases of actual / statutory' },
  }),
  evaluations: def('evaluations', '评价数', 'Evaluations', 'count', 'valid evaluations 好差评 submitted in the period (appeals decided mistaken/malicious excluded)'),
  evaluationRate: def('evaluationRate', '评价率', 'Evaluation rate', 'percent', 'completed cases with ≥ 1 valid evaluation / completed', {
    variants: { evaluationRateDenominator: 'accepted: divide by cases accepted in the period' },
  }),
  satisfactionRate: def('satisfactionRate', '满意率', 'Satisfaction rate', 'percent', 'valid evaluations at a satisfied level (default ≥ 4 满意) / valid evaluations', {
    variants: { satisfiedLevels: 'the satisfied set, e.g. [3,4,5] for ≥ 3 基本满意' },
  }),
  badReviewRate: def('badReviewRate', '差评率', 'Bad-review rate', 'percent', 'valid evaluations at level ≤ 2 / valid evaluations'),
  activeEvaluationRate: def('activeEvaluationRate', '主动评价率', 'Active evaluation rate', 'percent', 'completed cases with a valid evaluation not from systemDefault / completed'),
  badReviewRectificationRate: def('badReviewRectificationRate', '差评整改率', 'Bad-review rectification rate', 'percent', 'valid bad reviews (level ≤ 2, not triaged invalid, not excluded on appeal) of the period rectified by the triage due time (5 working days simple / 15 complex, "2、5、15"; untriaged: 15 working days after the review) / valid bad reviews'),
  followUps: def('followUps', '回访', 'Follow-ups', 'count', 'count of FollowUpRecorded in the period', { unit: '人次' }),
  complaints: def('complaints', '投诉', 'Complaints', 'count', 'count of ComplaintFiled in the period'),
  complaintOnTimeAnswerRate: def('complaintOnTimeAnswerRate', '投诉按时答复率', 'Complaints answered on time', 'percent', 'complaints answered in the period by their answerDueAt / complaints answered in the period'),
  deemedConsents: def('deemedConsents', '超时默认', 'Deemed consents', 'count', 'count of DeemedConsentApplied in the period (joint review 并联审批: a silent department deemed to consent), counted apart from replies'),
  jointReplyOnTimeRate: def('jointReplyOnTimeRate', '并联按时答复率', 'Joint-review replies on time', 'percent', 'opinions returned by replyDueAt / (opinions returned + deemed consents) in the period; a deemed consent is never on time for its department'),
  investmentAccepted: def('investmentAccepted', '投资受理', 'Investment accepted', 'money', 'Σ investment of cases accepted in the period, by currency (two currencies are never added)'),
  investmentApproved: def('investmentApproved', '同意投资', 'Investment approved', 'money', 'Σ approved amount (else the investment applied for) of approving decisions in the period, by currency'),
  badReviewContactOnTimeRate: def('badReviewContactOnTimeRate', '差评按时联系率', 'Bad reviews contacted on time', 'percent', 'valid bad reviews (level ≤ 2, not triaged invalid, not excluded on appeal) of the period contacted 联系 (BadReviewReplied) within 2 working days of the review / valid bad reviews ("2、5、15", core badReviewDeadlines)'),
  badReviewCallBackRate: def('badReviewCallBackRate', '差评回访率', 'Bad reviews called back', 'percent', 'bad reviews closed (rectified) in the period and called back 回访 within 5 working days of the closing / bad reviews closed in the period (target 100 %; "2、5、15", core badReviewDeadlines)'),
  lateEntries: def('lateEntries', '补录', 'Late entries', 'count', 'count of LateEntryRecorded recorded in the period (by recordedAt, the engine clock): commands entered after the fact with a reason by an approver or chief representative; by staff the one who sent it, by department the department holding the case'),
  yearOverYear: def('yearOverYear', '同比', 'Year over year', 'difference', 'a figure minus the same figure over the same period a year earlier; `basis` says whether totals, averages or rates are compared (default: monthlyAverageCompleted, averages); no value when the earlier period recorded no application, consultation or carried-in case', {
    variants: { yearOverYear: 'the figure compared' },
  }),
});

export const definitionRef = (id: FigureId): string => `${id}@${FIGURE_DEFINITIONS[id].version}`;
