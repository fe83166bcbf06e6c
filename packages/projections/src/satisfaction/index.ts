export * from './policy';
export { satisfactionProjection, type ComplaintRecord, type EvaluationRecord, type FollowUpRecord, type SatisfactionState } from './projection';
export * from './detail';
