import type { Projection } from '../runner/projection';
import { applySatisfaction, createSatisfactionState, type SatisfactionState } from './fold';
import { satisfactionSplit } from './split';

export type { ComplaintRecord, EvaluationRecord, FollowUpRecord, SatisfactionState } from './fold';

const EVENT_TYPES = [
  'ApplicationSubmitted', 'CaseAccepted', 'EvaluationSubmitted', 'EvaluationAppealed', 'EvaluationAppealDecided',
  'BadReviewTriaged', 'BadReviewReplied', 'BadReviewRectified', 'BadReviewCalledBack', 'FollowUpRecorded',
  'ComplaintFiled', 'ComplaintAnswered',
] as const;

/**
 * Satisfaction detail 好差评 as a projection: every evaluation with its appeal and bad-review
 * handling, follow-ups 回访 and complaints 投诉. Read it with `satisfactionDetail`.
 */
export const satisfactionProjection: Projection<SatisfactionState> = {
  name: 'satisfaction',
  version: 1,
  eventTypes: EVENT_TYPES,
  init: createSatisfactionState,
  apply: applySatisfaction,
  split: satisfactionSplit,
};
