import { defaultAuthorizationPolicy } from '../auth/default-policy';
import type { AuthorizationPolicy } from '../auth/policy';
import { createClockResolver, type ClockFor } from '../org/clocks';
import type { Directory } from '../org/directory';

/**
 * 差评 handling due times in working days (国办发〔2019〕51号; the "2、5、15" rule of seed 003):
 * triage 核实 and contact 联系 from the review, rectification feedback 整改反馈 from the review
 * (simple or complex, chosen per review at triage), the follow-up visit 回访 from the 差评's closing.
 */
export interface EvaluationHandlingPolicy {
  /** 差评当日建档、迅速核实: default 1. */
  readonly triageWorkingDays: number;
  /** 先行联系反映问题的企业群众: default 2. */
  readonly contactWorkingDays: number;
  /** 简单事项完成整改反馈: default 5. */
  readonly rectifySimpleWorkingDays: number;
  /** 较为复杂的事项完成整改反馈: default 15 (also a review triaged without a complexity). */
  readonly rectifyComplexWorkingDays: number;
  /** 对已办结的差评 … 回访 (回访率 100 %), after the rectification feedback closes it: default 5. */
  readonly callBackWorkingDays: number;
}

/** What a hall decides for itself (spec §4). */
export interface HallPolicy {
  /** After a post-acceptance correction the clock restarts from the supplement (default) or resumes. */
  readonly correctionAfterAcceptance: 'restart' | 'resume';
  readonly evaluation: EvaluationHandlingPolicy;
  /**
   * A correction notice later than 5 working days after submission (行政许可法 §32(四)):
   * `deemAccepted` (default) records the case as accepted from the receipt of its materials and the
   * notice as a correction after acceptance; `refuse` refuses the late notice.
   */
  readonly lateCorrectionNotice: 'deemAccepted' | 'refuse';
  /** Complaint answer due, working days after filing (spec §3.1: default 3). */
  readonly complaintAnswerWorkingDays: number;
}

export const DEFAULT_HALL_POLICY: HallPolicy = Object.freeze({
  correctionAfterAcceptance: 'restart',
  lateCorrectionNotice: 'deemAccepted',
  // 国办发〔2019〕51号 and the "2、5、15" rule: contact in 2 working days, rectify in 5 (simple) or 15 (complex), call back within 5 of closing.
  evaluation: Object.freeze({ triageWorkingDays: 1, contactWorkingDays: 2, rectifySimpleWorkingDays: 5, rectifyComplexWorkingDays: 15, callBackWorkingDays: 5 }),
  complaintAnswerWorkingDays: 3,
});

/** What a pure decision needs from outside the stream. */
export interface CaseContext {
  readonly directory: Directory;
  /** Defaults to the hall's zone and office hours with the national calendar. */
  readonly clockFor?: ClockFor;
  /** Per-hall policy; anything left out takes the default. */
  readonly hallPolicy?: (hallId: string) => Partial<HallPolicy> | undefined;
  readonly authorization?: AuthorizationPolicy;
}

export interface ResolvedCaseContext {
  readonly directory: Directory;
  readonly clockFor: ClockFor;
  readonly hallPolicy: (hallId: string) => HallPolicy;
  readonly authorization: AuthorizationPolicy;
}

export const resolveCaseContext = (ctx: CaseContext): ResolvedCaseContext => ({
  directory: ctx.directory,
  clockFor: ctx.clockFor ?? createClockResolver(ctx.directory),
  authorization: ctx.authorization ?? defaultAuthorizationPolicy,
  hallPolicy: (hallId) => {
    const p = ctx.hallPolicy?.(hallId);
    return { ...DEFAULT_HALL_POLICY, ...p, evaluation: { ...DEFAULT_HALL_POLICY.evaluation, ...p?.evaluation } };
  },
});
