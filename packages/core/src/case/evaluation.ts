import { decline, type Decision } from '../auth/decision';
import { parseInstant } from '../clock/instant';
import type { WorkClock } from '../clock/work-clock';
import type { EvaluationHandlingPolicy } from './context';
import { firstRefusal, record, requireStatus, type RuleEnv, type RuleTable } from './rule-kit';
import { COMPLETED, type CaseEvent, type CaseState, type EvaluationState } from './state';

/** 差评: levels 1 (非常不满意) and 2 (不满意) get the bad-review handling. */
export const BAD_REVIEW_MAX_LEVEL = 2;

/** Due times of a bad review's handling, from the evaluation (the hall's evaluation policy, working days). */
export const badReviewDueTimes = (clock: WorkClock, policy: EvaluationHandlingPolicy, submittedAtMs: number) => ({
  triageBy: clock.dueAt(submittedAtMs, { value: policy.triageWorkingDays, unit: 'workingDays' }).dueAt,
  replyBy: clock.dueAt(submittedAtMs, { value: policy.replyWorkingDays, unit: 'workingDays' }).dueAt,
  rectifyBy: clock.dueAt(submittedAtMs, { value: policy.rectifyWorkingDays, unit: 'workingDays' }).dueAt,
});

const evaluationOf = (s: CaseState, env: RuleEnv, evaluationId: string): EvaluationState | Decision<CaseEvent> =>
  s.evaluations[evaluationId] ?? decline('notFound', env.scope, 'evaluation.exists', `case ${s.caseId} has no evaluation ${evaluationId}`);

const isEvaluation = (e: EvaluationState | Decision<CaseEvent>): e is EvaluationState => 'evaluationId' in e;

type BadReviewStep = 'triage' | 'reply' | 'rectify' | 'callBack';
type Handling = EvaluationState['badReview'];

const DONE: Record<BadReviewStep, (h: Handling) => boolean> = {
  triage: (h) => h?.triage !== undefined,
  reply: (h) => h?.repliedAt !== undefined,
  rectify: (h) => h?.rectifiedAt !== undefined,
  callBack: (h) => h?.calledBack !== undefined,
};

/** Each step of 差评处理 needs the one before it: triage (valid) → reply → rectify → call back. */
const PREREQUISITE: Record<BadReviewStep, { met: (h: Handling) => boolean; rule: string; what: string } | undefined> = {
  triage: undefined,
  reply: { met: (h) => h?.triage?.valid === true, rule: 'badReview.reply.afterValidTriage', what: 'a triage that found it valid' },
  rectify: { met: DONE.reply, rule: 'badReview.rectify.afterReply', what: 'a reply' },
  callBack: { met: DONE.rectify, rule: 'badReview.callBack.afterRectify', what: 'rectification' },
};

/** One step of bad-review handling, once, in order, for evaluations at level ≤ 2 only. */
const badReviewStep = (s: CaseState, env: RuleEnv, evaluationId: string, step: BadReviewStep, then: (e: EvaluationState) => Decision<CaseEvent>) => {
  const e = evaluationOf(s, env, evaluationId);
  if (!isEvaluation(e)) return e;
  if (e.level > BAD_REVIEW_MAX_LEVEL) {
    return decline('invalidCommand', env.scope, 'badReview.onlyLevelTwoOrBelow', `evaluation ${evaluationId} is level ${e.level}, not a bad review`);
  }
  if (DONE[step](e.badReview)) return decline('conflict', env.scope, `badReview.${step}.once`, `evaluation ${evaluationId} already had its ${step}`);
  const needed = PREREQUISITE[step];
  if (needed && !needed.met(e.badReview)) {
    return decline('illegalTransition', env.scope, needed.rule, `${step} of evaluation ${evaluationId} comes after ${needed.what}`);
  }
  return then(e);
};

const submitEvaluation: RuleTable<'SubmitEvaluation'>['SubmitEvaluation'] = (c, s, env) => {
  const { evaluationId, round } = c.data;
  return firstRefusal(
    [
      () => requireStatus(s, env, COMPLETED, 'evaluate.onlyAfterCompletion', 'a case is evaluated 好差评 after completion'),
      () => (s.evaluations[evaluationId] ? decline('conflict', env.scope, 'evaluate.idUnique', `evaluation ${evaluationId} already exists`) : undefined),
      () =>
        round === 'first' && s.firstEvaluationId !== undefined
          ? decline('conflict', env.scope, 'evaluate.firstOnlyOnce', `case ${s.caseId} already has its first evaluation ${s.firstEvaluationId}`)
          : undefined,
      () =>
        round === 'followUp' && s.firstEvaluationId === undefined
          ? decline('illegalTransition', env.scope, 'evaluate.followUpAfterFirst', 'a follow-up evaluation 追评 comes after a first one')
          : undefined,
    ],
    () => record({ type: 'EvaluationSubmitted', data: c.data }),
  );
};

/** 好差评 and its handling: evaluation, bad-review triage/reply/rectify/call-back, appeal 申诉, follow-up 回访. */
export const evaluationRules: RuleTable<
  'SubmitEvaluation' | 'TriageBadReview' | 'ReplyBadReview' | 'RectifyBadReview' | 'CallBackBadReview' | 'AppealEvaluation' | 'DecideAppeal' | 'RecordFollowUp'
> = {
  SubmitEvaluation: submitEvaluation,
  TriageBadReview: (c, s, env) =>
    badReviewStep(s, env, c.data.evaluationId, 'triage', (e) => {
      // 谁办理谁负责: a valid bad review is rectified by its due time from the hall's policy.
      const policy = env.ctx.hallPolicy(s.hallId ?? '').evaluation;
      const dueAt = env.clock().toInstant(badReviewDueTimes(env.clock(), policy, parseInstant(e.submittedAt)).rectifyBy);
      return record({ type: 'BadReviewTriaged', data: { ...c.data, ...(c.data.valid ? { dueAt } : {}) } });
    }),
  ReplyBadReview: (c, s, env) => badReviewStep(s, env, c.data.evaluationId, 'reply', () => record({ type: 'BadReviewReplied', data: c.data })),
  RectifyBadReview: (c, s, env) => badReviewStep(s, env, c.data.evaluationId, 'rectify', () => record({ type: 'BadReviewRectified', data: c.data })),
  CallBackBadReview: (c, s, env) => badReviewStep(s, env, c.data.evaluationId, 'callBack', () => record({ type: 'BadReviewCalledBack', data: c.data })),
  AppealEvaluation: (c, s, env) => {
    const e = evaluationOf(s, env, c.data.evaluationId);
    if (!isEvaluation(e)) return e;
    return e.appeal ? decline('conflict', env.scope, 'appeal.once', `evaluation ${e.evaluationId} was already appealed`) : record({ type: 'EvaluationAppealed', data: c.data });
  },
  DecideAppeal: (c, s, env) => {
    const e = evaluationOf(s, env, c.data.evaluationId);
    if (!isEvaluation(e)) return e;
    if (!e.appeal) return decline('illegalTransition', env.scope, 'appeal.decide.onlyWhenAppealed', `evaluation ${e.evaluationId} was not appealed`);
    if (e.appeal.outcome) return decline('conflict', env.scope, 'appeal.decide.once', `the appeal on ${e.evaluationId} was already decided ${e.appeal.outcome}`);
    return record({ type: 'EvaluationAppealDecided', data: c.data });
  },
  RecordFollowUp: (c, s, env) =>
    requireStatus(s, env, COMPLETED, 'followUp.onlyAfterCompletion', 'a follow-up 回访 comes after completion') ?? record({ type: 'FollowUpRecorded', data: c.data }),
};
