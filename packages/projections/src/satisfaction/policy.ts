import { DEFAULT_HALL_POLICY, type EventDataOf, type Limit } from '@banjian/core';
import { DEFAULT_FIGURE_OPTIONS } from '../figures/options';

/** The stages of bad-review handling 差评处理, in order: 核实 triage, 回复 reply, 整改 rectify, 回访 callback. */
export type BadReviewStage = 'triage' | 'reply' | 'rectify' | 'callback';
export const BAD_REVIEW_STAGES: readonly BadReviewStage[] = ['triage', 'reply', 'rectify', 'callback'];

/**
 * A hall's evaluation policy: which levels count as satisfied and as bad, and the working days of
 * each handling stage ("2、5、15", core `badReviewDeadlines`): triage and reply 联系 from the review,
 * rectification from the review (15 unless the triage recorded its own due time, 5 for a simple
 * review), the call-back 回访 from the rectification that closed the 差评. The defaults are shared
 * with the case decider's hall policy and the §5 figure options.
 */
export interface EvaluationPolicy {
  /** Levels counted as satisfied (满意): 4 and 5 by default, some halls add 3 (基本满意). */
  readonly satisfiedLevels: readonly number[];
  /** Highest level counted as a bad review (差评): 2 by default. */
  readonly badAtMost: 1 | 2 | 3 | 4 | 5;
  readonly due: { readonly [S in BadReviewStage]: Limit };
}

const workingDays = (value: number): Limit => ({ value, unit: 'workingDays' });
const handling = DEFAULT_HALL_POLICY.evaluation;

export const DEFAULT_EVALUATION_POLICY: EvaluationPolicy = Object.freeze({
  satisfiedLevels: DEFAULT_FIGURE_OPTIONS.satisfiedLevels,
  badAtMost: 2,
  due: Object.freeze({
    triage: workingDays(handling.triageWorkingDays),
    reply: workingDays(handling.contactWorkingDays),
    rectify: workingDays(handling.rectifyComplexWorkingDays),
    callback: workingDays(handling.callBackWorkingDays),
  }),
}) as EvaluationPolicy;

export type AppealOutcome = EventDataOf<'EvaluationAppealDecided'>['outcome'];

/** An appeal decided as a mistaken 误评 or malicious 恶意 review removes it from every rate (it stays in the log). */
export const excludedByAppeal = (outcome: AppealOutcome | undefined): boolean => outcome === 'mistaken' || outcome === 'malicious';

export const isSatisfied = (level: number, policy: Pick<EvaluationPolicy, 'satisfiedLevels'> = DEFAULT_EVALUATION_POLICY): boolean =>
  policy.satisfiedLevels.includes(level);

export const isBadReview = (level: number, policy: Pick<EvaluationPolicy, 'badAtMost'> = DEFAULT_EVALUATION_POLICY): boolean =>
  level <= policy.badAtMost;
