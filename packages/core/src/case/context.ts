import { defaultAuthorizationPolicy } from '../auth/default-policy';
import type { AuthorizationPolicy } from '../auth/policy';
import { createClockResolver, type ClockFor } from '../org/clocks';
import type { Directory } from '../org/directory';

/** 好差评 handling due times, in working days from the evaluation (GB/T 39735; 国办发〔2019〕51号). */
export interface EvaluationHandlingPolicy {
  readonly triageWorkingDays: number;
  readonly replyWorkingDays: number;
  readonly rectifyWorkingDays: number;
}

/** What a hall decides for itself (spec §4). */
export interface HallPolicy {
  /** After a post-acceptance correction the clock restarts from the supplement (default) or resumes. */
  readonly correctionAfterAcceptance: 'restart' | 'resume';
  readonly evaluation: EvaluationHandlingPolicy;
  /** Complaint answer due, working days after filing (spec §3.1: default 3). */
  readonly complaintAnswerWorkingDays: number;
}

export const DEFAULT_HALL_POLICY: HallPolicy = Object.freeze({
  correctionAfterAcceptance: 'restart',
  // 国办发〔2019〕51号: a bad review is verified and answered promptly and rectified within 15 working days.
  evaluation: Object.freeze({ triageWorkingDays: 1, replyWorkingDays: 3, rectifyWorkingDays: 15 }),
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
