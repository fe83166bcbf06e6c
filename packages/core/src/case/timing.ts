import { emit, decline } from '../auth/decision';
import { parseInstant } from '../clock/instant';
import { caseClockAt } from '../clock/case-clock-view';
import { dueTimesAt } from '../clock/case-clock-state';
import { dueTimesFrom, recordedDueTimes } from './intake';
import { firstRefusal, record, requireStatus, type RuleTable } from './rule-kit';
import { HANDLING, OPEN_ACCEPTED } from './state';

/** The clock: suspension 挂起/特别程序, resumption, extension 延期 (行政许可法 §42, §45), recomputation. */
export const timingRules: RuleTable<'SuspendClock' | 'ResumeClock' | 'ExtendTimeLimit' | 'RecomputeDeadline'> = {
  SuspendClock: (c, s, env) => {
    const applicantNotifiedAt = c.data.applicantNotifiedAt ?? env.at;
    return firstRefusal(
      [
        () =>
          s.status === 'suspended'
            ? decline('illegalTransition', env.scope, 'suspend.notWhileSuspended', `case ${s.caseId} is already suspended (${s.suspension?.procedure})`)
            : requireStatus(s, env, HANDLING, 'suspend.onlyWhileHandling', 'only a case being handled is suspended'),
        () =>
          c.data.procedure === 'correctionAfterAcceptance'
            ? decline('invalidCommand', env.scope, 'suspend.correctionThroughRequest', 'a post-acceptance correction is requested with RequestCorrection')
            : undefined,
        // 行政许可法 §45: the applicant is told in writing; the notice cannot lie in the future.
        () =>
          parseInstant(applicantNotifiedAt) > env.atMs
            ? decline('invalidCommand', env.scope, 'suspend.applicantNotified', `applicantNotifiedAt ${applicantNotifiedAt} is after ${env.at}`)
            : undefined,
      ],
      () => record({ type: 'ClockSuspended', data: { ...c.data, applicantNotifiedAt } }),
    );
  },
  ResumeClock: (c, s, env) =>
    requireStatus(s, env, ['suspended'], 'resume.onlyWhenSuspended', 'only a suspended clock resumes') ??
    (s.suspension?.procedure === 'correctionAfterAcceptance'
      ? decline('illegalTransition', env.scope, 'resume.correctionNeedsSupply', 'a correction suspension ends when the materials are supplied')
      : record({ type: 'ClockResumed', data: c.data })),
  ExtendTimeLimit: (c, s, env) => {
    const { approvedBy } = c.data;
    const requestedAt = c.data.requestedAt ?? env.at;
    const approver = env.ctx.directory.staff(s.hallId ?? '', approvedBy);
    return firstRefusal(
      [
        () => requireStatus(s, env, [...HANDLING, 'suspended'], 'extend.onlyWhileOpen', 'only an open accepted case is extended'),
        () => (approver?.role === 'approver' ? undefined : decline('invalidCommand', env.scope, 'extend.approvedBy.approver', `${approvedBy} is not an approver of hall ${s.hallId}`)),
        () =>
          approvedBy === s.holder?.staffId
            ? decline('invalidCommand', env.scope, 'extend.approvedBy.notHandlingStaff', `${approvedBy} handles the case and may not approve its extension`)
            : undefined,
        // 行政许可法 §42: the extension is approved by the organ's head; who approves is who records it, not a name typed in.
        () => {
          const { actor } = c.metadata;
          return actor.kind === 'staff' && actor.id === approvedBy
            ? undefined
            : decline('invalidCommand', env.scope, 'extend.approvedBy.recordingActor', `approvedBy ${approvedBy} is not the actor recording the extension (${actor.kind} ${actor.id})`);
        },
        () => (parseInstant(requestedAt) > env.atMs ? decline('invalidCommand', env.scope, 'extend.requestedNotAfterCommand', `requestedAt ${requestedAt} is after ${env.at}`) : undefined),
      ],
      () => record({ type: 'TimeLimitExtended', data: { ...c.data, requestedAt } }),
    );
  },
  /**
   * Due times again on the current calendar: an event only where something changed (spec §4) —
   * a due time moved, or the case's pinned calendar left a year provisional that is now announced.
   */
  RecomputeDeadline: (c, s, env) => {
    const refusal = requireStatus(s, env, OPEN_ACCEPTED, 'recompute.onlyOpenAccepted', 'only open accepted cases are recomputed');
    if (refusal || !s.clock || !s.limits || s.hallId === undefined) return refusal ?? decline('illegalTransition', env.scope, 'recompute.onlyOpenAccepted', 'not accepted');
    const hallId = s.hallId;
    const previous = recordedDueTimes(s.clock, env.clock());
    const next = dueTimesFrom(env.clock(), dueTimesAt(s.clock).startMs, s.limits);
    const moved = next.promisedDueAt !== previous.promisedDueAt || next.statutoryDueAt !== previous.statutoryDueAt;
    const announced = next.calendarVersion !== previous.calendarVersion && caseClockAt(s.clock, (v) => env.ctx.clockFor(hallId, v), env.atMs).provisional;
    if (!moved && !announced) return emit();
    return record({
      type: 'DeadlineRecomputed',
      data: {
        caseId: c.data.caseId,
        previous,
        next: { promisedDueAt: next.promisedDueAt, statutoryDueAt: next.statutoryDueAt, calendarVersion: next.calendarVersion },
        reason: c.data.reason,
      },
    });
  },
};
