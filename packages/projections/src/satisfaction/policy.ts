import type { EventDataOf, Limit } from '@banjian/core';

/** The stages of bad-review handling 差评处理, in order: 核实 triage, 回复 reply, 整改 rectify, 回访 callback. */
export type BadReviewStage = 'triage' | 'reply' | 'rectify' | 'callback';
export const BAD_REVIEW_STAGES: readonly BadReviewStage[] = ['triage', 'reply', 'rectify', 'callback'];

/**
 * A hall's evaluation policy: which levels count as satisfied and as bad, and the due time of each
 * handling stage, counted from the review's submission. The default follows the national 好差评
 * rules as halls apply them: verify within 1 working day, answer within 3, rectify and call back
 * within 15. A triage that names its own `dueAt` sets the rectification due time.
 */
export interface EvaluationPolicy {
  /** Lowest level counted as satisfied (满意): 4 by default, some halls count 3 (基本满意). */
  readonly satisfiedFrom: 1 | 2 | 3 | 4 | 5;
  /** Highest level counted as a bad review (差评): 2 by default. */
  readonly badAtMost: 1 | 2 | 3 | 4 | 5;
  readonly due: { readonly [S in BadReviewStage]: Limit };
}

export const DEFAULT_EVALUATION_POLICY: EvaluationPolicy = Object.freeze({
  satisfiedFrom: 4,
  badAtMost: 2,
  due: Object.freeze({
    triage: { value: 1, unit: 'workingDays' },
    reply: { value: 3, unit: 'workingDays' },
    rectify: { value: 15, unit: 'workingDays' },
    callback: { value: 15, unit: 'workingDays' },
  }),
}) as EvaluationPolicy;

export type AppealOutcome = EventDataOf<'EvaluationAppealDecided'>['outcome'];

/** An appeal decided as a mistaken 误评 or malicious 恶意 review removes it from every rate (it stays in the log). */
export const excludedByAppeal = (outcome: AppealOutcome | undefined): boolean => outcome === 'mistaken' || outcome === 'malicious';

export const isSatisfied = (level: number, policy: Pick<EvaluationPolicy, 'satisfiedFrom'> = DEFAULT_EVALUATION_POLICY): boolean =>
  level >= policy.satisfiedFrom;

export const isBadReview = (level: number, policy: Pick<EvaluationPolicy, 'badAtMost'> = DEFAULT_EVALUATION_POLICY): boolean =>
  level <= policy.badAtMost;
