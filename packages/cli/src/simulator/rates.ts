/**
 * How often each path of the case lifecycle happens (fractions). The defaults follow the seed
 * reports where they say (seed 004: 受理 11866 of 申请 11871, 评价率 64 %, 满意度 99.96 %, 回访 58 in
 * six months, no complaint; seed 000: 按时办结率 100 %) and plausible hall practice where they do not.
 */
export interface SimulationRates {
  /** Of applications: refused at intake 不予受理. */
  readonly rejection: number;
  /** Of applications: a one-time correction notice 一次性告知 before acceptance. */
  readonly correctionBeforeAcceptance: number;
  /** Of those notices on non-immediate items: sent more than 5 working days after submission, so the case counts as accepted from it (行政许可法 §32(四)). */
  readonly lateCorrectionNotice: number;
  /** Of those notices: the materials never come (补正不来). */
  readonly correctionNotSupplied: number;
  /** Of promised cases: the applicant withdraws 撤回 while it is handled. */
  readonly withdrawal: number;
  /** Of promised cases, one special path each: */
  readonly transfer: number;
  readonly suspension: number;
  readonly correctionAfterAcceptance: number;
  readonly extension: number;
  readonly late: number;
  /** Still open past the statutory limit 法定时限 (行政许可法 §42), completed a few working days after it. */
  readonly statutoryOverrun: number;
  /** An extension requested after the promised due time: recorded, counted late, the case stays overdue (spec §4). */
  readonly lateExtension: number;
  /** Of promised cases: the handling step entered later the same day as a late entry 补录 with its reason. */
  readonly lateEntry: number;
  /** Of immediate cases: completed the next working day instead of on the spot. */
  readonly immediateNextDay: number;
  /** Of joint reviews, per consulted department: silent past the reply due time (超时默认). */
  readonly deemedConsent: number;
  /** Of escalated cases: forwarded 转报 to the higher authority instead of decided here. */
  readonly forwarded: number;
  /** Of decisions: denied 不予许可. */
  readonly denial: number;
  /** Of completed cases: the applicant never collects the result 逾期未领取. */
  readonly noShow: number;
  /** Of completed cases: evaluated by the applicant (device, phone, web). */
  readonly evaluation: number;
  /** Of the others: the system's default evaluation 默认好评 after five working days. */
  readonly defaultEvaluation: number;
  /** Of evaluated cases: a second, follow-up evaluation 追评. */
  readonly followUpEvaluation: number;
  /** Weights of levels 1–5 of an applicant's evaluation. */
  readonly levels: readonly [number, number, number, number, number];
  /** Of bad reviews: found valid at triage (the others are appealed). */
  readonly badReviewValid: number;
  /** Of valid bad reviews: rectified after the policy's due time. */
  readonly lateRectification: number;
  /** Of completed cases: a follow-up call 回访. */
  readonly followUp: number;
  /** Complaints 投诉 per 12,000 applications. */
  readonly complaints: number;
  /** Of complaints: answered after the hall's due time (default 3 working days). */
  readonly lateComplaintAnswer: number;
  /** Of valid bad reviews: triaged as simple (rectified in 5 working days; the others complex, 15). */
  readonly simpleBadReview: number;
  /** Of investment-project applications: carrying an investment amount. */
  readonly investment: number;
}

export const DEFAULT_RATES: SimulationRates = Object.freeze<SimulationRates>({
  rejection: 0.0005,
  correctionBeforeAcceptance: 0.05,
  lateCorrectionNotice: 0.08,
  correctionNotSupplied: 0.1,
  withdrawal: 0.003,
  transfer: 0.03,
  suspension: 0.02,
  correctionAfterAcceptance: 0.02,
  extension: 0.01,
  late: 0.004,
  statutoryOverrun: 0.003,
  lateExtension: 0.003,
  lateEntry: 0.005,
  immediateNextDay: 0.03,
  deemedConsent: 0.1,
  forwarded: 0.3,
  denial: 0.01,
  noShow: 0.005,
  evaluation: 0.58,
  defaultEvaluation: 0.15,
  followUpEvaluation: 0.005,
  levels: [0.0003, 0.0007, 0.0015, 0.12, 0.8775],
  badReviewValid: 0.7,
  lateRectification: 0.1,
  followUp: 0.01,
  complaints: 24,
  lateComplaintAnswer: 0.25,
  simpleBadReview: 0.6,
  investment: 0.1,
});
