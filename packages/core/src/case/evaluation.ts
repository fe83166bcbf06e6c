import { decline, type Decision } from '../auth/decision';
import { parseInstant } from '../clock/instant';
import type { WorkClock } from '../clock/work-clock';
import type { BadReviewComplexity } from '../events/case';
import type { EvaluationHandlingPolicy } from './context';
import { firstRefusal, record, requireStatus, type RuleEnv, type RuleTable } from './rule-kit';
import { COMPLETED, type CaseEvent, type CaseState, type EvaluationState } from './state';

/** 差评: levels 1 (非常不满意) and 2 (不满意) get the bad-review handling. */
export const BAD_REVIEW_MAX_LEVEL = 2;

/** What a 差评's handling has recorded so far, in epoch ms (absent: not yet). */
export interface BadReviewProgress {
  readonly submittedAtMs: number;
  readonly complexity?: BadReviewComplexity;
  /** The rectification due time the triage recorded: it wins over the policy (the log says what was due). */
  readonly rectifyDueAtMs?: number;
  readonly triagedAtMs?: number;
  readonly contactedAtMs?: number;
  /** The rectification feedback 整改反馈, which closes the 差评. */
  readonly rectifiedAtMs?: number;
  readonly calledBackAtMs?: number;
}

/** One handling step: when it is due and, once done, when it was done (epoch ms). */
export interface StepDeadline {
  readonly dueAt: number;
  readonly doneAt?: number;
}

/** Each step of a 差评's handling with its due and done time; the follow-up visit is due once the 差评 is closed. */
export interface BadReviewDeadlines {
  readonly triage: StepDeadline;
  readonly contact: StepDeadline;
  readonly rectify: StepDeadline;
  readonly callBack?: StepDeadline;
}

/** Working days to the rectification feedback: 5 for a simple review, 15 for a complex one or one triaged without saying. */
export const rectifyWorkingDays = (policy: EvaluationHandlingPolicy, complexity?: BadReviewComplexity): number =>
  complexity === 'simple' ? policy.rectifySimpleWorkingDays : policy.rectifyComplexWorkingDays;

const step = (dueAt: number, doneAt: number | undefined): StepDeadline => (doneAt === undefined ? { dueAt } : { dueAt, doneAt });

/**
 * 差评 "2、5、15" (seed 003; 国办发〔2019〕51号): contact within 2 working days of the review,
 * rectification feedback within 5 (simple) or 15 (complex) working days of it, a follow-up visit
 * 回访 within 5 working days after the 差评 is closed (rectified). Pure: the decider, the alert
 * scheduler and the figures read the same due times from it.
 */
export const badReviewDeadlines = (clock: WorkClock, policy: EvaluationHandlingPolicy, review: BadReviewProgress): BadReviewDeadlines => {
  const from = (startMs: number, days: number) => clock.dueAt(startMs, { value: days, unit: 'workingDays' }).dueAt;
  const rectifyDue = review.rectifyDueAtMs ?? from(review.submittedAtMs, rectifyWorkingDays(policy, review.complexity));
  return {
    triage: step(from(review.submittedAtMs, policy.triageWorkingDays), review.triagedAtMs),
    contact: step(from(review.submittedAtMs, policy.contactWorkingDays), review.contactedAtMs),
    rectify: step(rectifyDue, review.rectifiedAtMs),
    ...(review.rectifiedAtMs === undefined ? {} : { callBack: step(from(review.rectifiedAtMs, policy.callBackWorkingDays), review.calledBackAtMs) }),
  };
};

/** A 差评's progress as the case decider's state holds it. */
export const badReviewProgressOf = (e: EvaluationState): BadReviewProgress => {
  const h = e.badReview;
  const ms = (iso: string | undefined) => (iso === undefined ? undefined : parseInstant(iso));
  const entries = {
    submittedAtMs: parseInstant(e.submittedAt),
    rectifyDueAtMs: ms(h?.triage?.dueAt), triagedAtMs: ms(h?.triage?.at), contactedAtMs: ms(h?.repliedAt),
    rectifiedAtMs: ms(h?.rectifiedAt), calledBackAtMs: ms(h?.calledBack?.at),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as unknown as BadReviewProgress;
};

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
      // 谁办理谁负责: a valid bad review is rectified by its due time, 5 or 15 working days as triaged ("2、5、15").
      const policy = env.ctx.hallPolicy(s.hallId ?? '').evaluation;
      const { complexity } = c.data;
      const progress = { submittedAtMs: parseInstant(e.submittedAt), ...(complexity ? { complexity } : {}) };
      const dueAt = env.clock().toInstant(badReviewDeadlines(env.clock(), policy, progress).rectify.dueAt);
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
