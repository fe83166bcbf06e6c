import type { Actor, EvaluationLevel } from '@banjian/core';
import type { PlanContext } from './case-plan';
import type { CaseScript } from './case-script';
import type { StaffConfig } from './hall-config';
import { staffActor } from './hall-people';
import { daysLater, later } from './timeline';

/** Who served the case, for its evaluation and the handling of a bad one (谁办理谁负责). */
export interface CompletedCase {
  readonly applicant: Actor;
  /** The window the case was accepted at: its device 评价器 takes the on-site evaluation. */
  readonly windowId: string;
  handler(): StaffConfig;
  holder(): string;
  /** The result was handed over at the window (the applicant is there to press the device). */
  readonly atWindow: boolean;
}

const REMOTE_CHANNELS = ['mobile', 'mobile', 'pc', 'qr', 'sms'] as const;
const SYSTEM: Actor = { kind: 'system', id: 'evaluation-platform' };
/** GB/T 39046 codes run the other way: 1 = 非常满意 … 5 = 非常不满意. */
const CODE_LIST = 'GB/T 39046-2020';

const reasonsFor = (level: EvaluationLevel, onSite: boolean): string[] =>
  level >= 4 ? (onSite ? ['服务态度', '服务效率'] : ['办事效率', '办事便捷度']) : onSite ? ['服务效率'] : ['办事指南精确度'];

/**
 * After completion: the applicant's evaluation 好差评 (on the window's device when the result was
 * collected there, else by phone or web), or the platform's default one after five working days;
 * a bad review's triage → reply → rectify → call back, or an appeal 申诉 when triage finds it
 * invalid; a rare follow-up evaluation 追评; a follow-up call 回访.
 */
export const planAfterCompletion = (ctx: PlanContext, s: CaseScript, done: CompletedCase): void => {
  const { rng, rates, people } = ctx;
  const handler = done.handler();
  const evaluationId = `${s.caseId}-e1`;
  if (rng.chance(rates.evaluation)) {
    const device = people.deviceOf(done.windowId);
    const onSite = done.atWindow && device !== undefined && rng.chance(0.85);
    const channel = onSite ? 'device' : rng.pick(REMOTE_CHANNELS);
    const level = (rng.weighted(rates.levels) + 1) as EvaluationLevel;
    s.send(
      'SubmitEvaluation',
      {
        evaluationId, level, rawCode: 6 - level, codeList: CODE_LIST, channel, round: 'first', realName: rng.chance(0.4),
        windowId: done.windowId, staffId: handler.staffId, reasons: reasonsFor(level, onSite),
        ...(level <= 2 ? { comment: '等候时间长，材料要求说明不清' } : {}),
      },
      onSite ? { kind: 'device', id: device! } : done.applicant,
      onSite ? later(s.now, 1) : daysLater(s.now, rng.int(0, 3), rng.int(0, 419)),
    );
    if (level <= 2) planBadReview(ctx, s, done, evaluationId);
    if (rng.chance(rates.followUpEvaluation)) {
      s.send(
        'SubmitEvaluation',
        { evaluationId: `${s.caseId}-e2`, level: 5, channel: 'mobile', round: 'followUp', realName: true, windowId: done.windowId, staffId: handler.staffId, comment: '问题已解决，满意' },
        done.applicant,
        daysLater(s.now, rng.int(3, 10), rng.int(0, 419)),
      );
    }
  } else if (rng.chance(rates.defaultEvaluation)) {
    s.send(
      'SubmitEvaluation',
      { evaluationId, level: 5, channel: 'systemDefault', round: 'first', realName: false, windowId: done.windowId, staffId: handler.staffId },
      SYSTEM,
      daysLater(s.now, 5, rng.int(0, 30)),
    );
  }
  if (rng.chance(rates.followUp)) {
    s.send('RecordFollowUp', { method: 'phone', result: '群众对办理结果满意', satisfied: true }, staffActor(handler), daysLater(s.now, rng.int(2, 10), rng.int(0, 419)));
  }
};

const planBadReview = (ctx: PlanContext, s: CaseScript, done: CompletedCase, evaluationId: string): void => {
  const { rng, rates, people } = ctx;
  const handler = done.handler();
  const chief = staffActor(people.handlersOf(done.holder())[0]!);
  const valid = rng.chance(rates.badReviewValid);
  // "2、5、15": a valid 差评 is triaged simple (rectified within 5 working days) or complex (15).
  const complexity = rng.chance(rates.simpleBadReview) ? ('simple' as const) : ('complex' as const);
  s.send('TriageBadReview', { evaluationId, valid, assignee: handler.staffId, ...(valid ? { complexity } : {}) }, chief, daysLater(s.now, 1, rng.int(0, 200)));
  if (valid) {
    // The contact 联系 (the reply) is due within 2 working days of the review: the triage day or the next, now and then later.
    s.send('ReplyBadReview', { evaluationId }, staffActor(handler), daysLater(s.now, rng.int(0, 2), rng.int(200, 419)));
    const late = rng.chance(rates.lateRectification);
    const rectifyDays = complexity === 'simple' ? (late ? rng.int(5, 7) : rng.int(0, 2)) : late ? rng.int(16, 20) : rng.int(3, 11);
    s.send('RectifyBadReview', { evaluationId, measures: '加强窗口人员业务培训，一次性告知清单上墙' }, staffActor(handler), daysLater(s.now, rectifyDays, rng.int(0, 419)));
    s.send('CallBackBadReview', { evaluationId, satisfied: rng.chance(0.9) }, chief, daysLater(s.now, rng.int(1, 2), rng.int(0, 419)));
    return;
  }
  s.send('AppealEvaluation', { evaluationId, reason: '评价内容与办件事实不符，申请复核' }, staffActor(handler), later(s.now, 30));
  const outcome = (['mistaken', 'malicious', 'upheld'] as const)[rng.weighted([0.5, 0.2, 0.3])]!;
  s.send('DecideAppeal', { evaluationId, outcome }, staffActor(people.approverOf(done.holder())), daysLater(s.now, rng.int(2, 5), rng.int(0, 419)));
};
