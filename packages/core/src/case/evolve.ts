import { effectiveDueAt } from '../clock/case-clock';
import type { CaseClockInput } from '../clock/case-clock';
import { parseInstant } from '../clock/instant';
import type { RecordedEvent } from '../decider/decider';
import type { Limit } from '../events/primitives';
import type { ClockFor } from '../org/clocks';
import type { BadReviewHandling, CaseState, CaseStatus, CaseEvent, EvaluationState } from './state';

/**
 * The reason a `DeadlineRecomputed` carries when a post-acceptance correction restarts the clock
 * (hall policy `restart`): the limit runs again from the supplement, the day of it not counted.
 */
export const CORRECTION_RESTART_REASON = 'correctionAfterAcceptance.restart';

// Every fold copies only what the event changes and shares the rest with the state before, which
// is never mutated: the engine's snapshot cache and as-of reads may still hold it. Every state has
// the fields of `initialCaseState`, no more, so each copy keeps one shape.

type Clock = NonNullable<CaseState['clock']>;

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

/** The list with its last element closed at `ms`, when that one is still open. */
const closeLast = <T extends { readonly toMs?: number }>(list: readonly T[], ms: number): readonly T[] => {
  const open = list.at(-1);
  return open && open.toMs === undefined ? [...list.slice(0, -1), { ...open, toMs: ms }] : list;
};

const mapClock = (clock: Clock, change: (input: CaseClockInput) => CaseClockInput): Clock => ({
  promised: change(clock.promised),
  statutory: change(clock.statutory),
});

/** What stopping an open suspension (resumed, completed or withdrawn) at `ms` changes. */
const suspensionEnded = (s: CaseState, ms: number): Partial<CaseState> =>
  s.clock ? { clock: mapClock(s.clock, (input) => ({ ...input, suspensions: closeLast(input.suspensions, ms) })), suspension: undefined } : {};

const handling = (status: CaseStatus): CaseStatus => (status === 'accepted' ? 'inProgress' : status);

const withEvaluation = (s: CaseState, evaluation: EvaluationState): CaseState => ({
  ...s,
  evaluations: { ...s.evaluations, [evaluation.evaluationId]: evaluation },
});

const withBadReview = (s: CaseState, evaluationId: string, change: Partial<BadReviewHandling>): CaseState => {
  const e = own(s.evaluations, evaluationId);
  return e ? withEvaluation(s, { ...e, badReview: { ...e.badReview, ...change } }) : s;
};

const extendedBy = (by: Limit) => (input: CaseClockInput): CaseClockInput => ({ ...input, extensions: [...input.extensions, by] });

/** Folds one case event. Uses the hall clock only to tell whether an extension came too late. */
export const createCaseEvolve = (clockFor: ClockFor) => {
  const fold = (s: CaseState, event: RecordedEvent<CaseEvent>): CaseState => {
    const at = event.occurredAt;
    switch (event.type) {
      case 'ApplicationSubmitted': {
        const d = event.data;
        return {
          ...s, status: 'submitted', caseId: d.caseId, caseNo: d.caseNo, hallId: d.hallId, itemCode: d.itemCode, applicant: d.applicant, submittedAt: at,
          ...(d.itemVersion !== undefined ? { itemVersion: d.itemVersion } : {}),
          ...(d.agentId !== undefined ? { agentId: d.agentId } : {}),
        };
      }
      case 'CorrectionRequested': {
        const afterAcceptance = s.acceptedAt !== undefined;
        const correction = { missing: event.data.missing, afterAcceptance, requestedAt: at };
        return afterAcceptance ? { ...s, correction } : { ...s, correction, status: 'awaitingCorrection', correctionNotices: s.correctionNotices + 1 };
      }
      case 'CorrectionSupplied':
        return { ...s, correction: undefined, status: s.status === 'awaitingCorrection' ? 'submitted' : s.status };
      case 'CaseAccepted': {
        const d = event.data;
        const ms = parseInstant(at);
        return {
          ...s, status: 'accepted', acceptedAt: at, kind: d.kind, limits: d.limits, calendarVersion: d.calendarVersion,
          provisional: d.provisional, promisedDueAt: d.promisedDueAt, statutoryDueAt: d.statutoryDueAt,
          holder: { departmentId: d.departmentId, windowId: d.windowId, staffId: d.staffId },
          clock: {
            promised: { startMs: ms, limit: d.limits.promised, extensions: [], suspensions: [] },
            statutory: { startMs: ms, limit: d.limits.statutory, extensions: [], suspensions: [] },
          },
          segments: [...s.segments, { departmentId: d.departmentId, fromMs: ms }],
        };
      }
      case 'CaseRejected':
        return { ...s, status: 'rejected' };
      case 'CaseWithdrawn': {
        const ms = parseInstant(at);
        return { ...s, ...suspensionEnded(s, ms), segments: closeLast(s.segments, ms), status: 'withdrawn' };
      }
      case 'CaseTransferred': {
        const handover = parseInstant(event.data.handoverAt);
        return {
          ...s,
          segments: [...closeLast(s.segments, handover), { departmentId: event.data.to.departmentId, fromMs: handover }],
          holder: event.data.to,
          status: handling(s.status),
        };
      }
      case 'StepCompleted':
        return { ...s, steps: s.steps + 1, status: handling(s.status) };
      case 'JointReviewRequested':
        return {
          ...s,
          jointReview: {
            replyDueAt: event.data.replyDueAt,
            departments: Object.fromEntries(event.data.departmentIds.map((id) => [id, { deemed: false }])),
          },
          status: handling(s.status),
        };
      case 'JointOpinionReturned':
      case 'DeemedConsentApplied': {
        const review = s.jointReview;
        const { departmentId } = event.data;
        const dept = review && own(review.departments, departmentId);
        if (!review || !dept) return s;
        const opinion = event.type === 'JointOpinionReturned' ? event.data.opinion : 'consent';
        const departments = { ...review.departments, [departmentId]: { ...dept, opinion, deemed: event.type === 'DeemedConsentApplied' } };
        return { ...s, jointReview: { ...review, departments } };
      }
      case 'CaseEscalated':
        return { ...s, escalation: { authority: event.data.authority, since: at }, escalated: true, status: handling(s.status) };
      case 'EscalationReturned':
        return { ...s, escalation: undefined };
      case 'ClockSuspended': {
        const ms = parseInstant(at);
        const suspension = { procedure: event.data.procedure, since: at, resumeTo: handling(s.status) };
        const opened = (input: CaseClockInput): CaseClockInput => ({ ...input, suspensions: [...input.suspensions, { fromMs: ms }] });
        return { ...s, suspension, ...(s.clock ? { clock: mapClock(s.clock, opened) } : {}), status: 'suspended' };
      }
      case 'ClockResumed':
        return { ...s, ...suspensionEnded(s, parseInstant(at)), status: s.suspension?.resumeTo ?? 'inProgress' };
      case 'TimeLimitExtended': {
        const { by, approvedBy, requestedAt } = event.data;
        const requested = parseInstant(requestedAt);
        const late = s.clock !== undefined && s.hallId !== undefined && requested > effectiveDueAt(clockFor(s.hallId), s.clock.promised, requested).dueAt;
        const extensions = [...s.extensions, { by, approvedBy, requestedAt, late }];
        if (late) return { ...s, extensions, overdueDespiteExtension: true };
        return { ...s, extensions, ...(s.clock ? { clock: mapClock(s.clock, extendedBy(by)) } : {}) };
      }
      case 'DecisionMade':
        return { ...s, decision: { outcome: event.data.outcome, at }, status: 'decided' };
      case 'CaseCompleted': {
        const ms = parseInstant(at);
        return {
          ...s, ...suspensionEnded(s, ms), segments: closeLast(s.segments, ms),
          status: 'completed', result: event.data.result, completedAt: at, correction: undefined,
        };
      }
      case 'ResultDelivered':
        return { ...s, status: 'delivered', deliveredAt: at };
      case 'ApplicantNoShow':
        return { ...s, noShow: event.data.notifiedDate };
      case 'VisitRecorded':
        return { ...s, visits: s.visits + 1 };
      case 'EvaluationSubmitted': {
        const { evaluationId, level, round, channel, windowId, staffId } = event.data;
        const evaluation: EvaluationState = {
          evaluationId, level, round, channel, submittedAt: at, excluded: false,
          ...(windowId ? { windowId } : {}), ...(staffId ? { staffId } : {}),
        };
        const next = withEvaluation(s, evaluation);
        return round === 'first' ? { ...next, firstEvaluationId: evaluationId } : next;
      }
      case 'BadReviewTriaged': {
        const { valid, assignee, dueAt } = event.data;
        return withBadReview(s, event.data.evaluationId, { triage: { valid, at, ...(assignee ? { assignee } : {}), ...(dueAt ? { dueAt } : {}) } });
      }
      case 'BadReviewReplied':
        return withBadReview(s, event.data.evaluationId, { repliedAt: at });
      case 'BadReviewRectified':
        return withBadReview(s, event.data.evaluationId, { rectifiedAt: at });
      case 'BadReviewCalledBack':
        return withBadReview(s, event.data.evaluationId, { calledBack: { satisfied: event.data.satisfied, at } });
      case 'EvaluationAppealed': {
        const e = own(s.evaluations, event.data.evaluationId);
        return e ? withEvaluation(s, { ...e, appeal: { reason: event.data.reason } }) : s;
      }
      case 'EvaluationAppealDecided': {
        const e = own(s.evaluations, event.data.evaluationId);
        if (!e) return s;
        const { outcome } = event.data;
        return withEvaluation(s, { ...e, ...(e.appeal ? { appeal: { ...e.appeal, outcome } } : {}), excluded: outcome !== 'upheld' });
      }
      case 'FollowUpRecorded':
        return { ...s, followUps: s.followUps + 1 };
      case 'AlertRaised': {
        const { alertId, rule, level, dueAt, departmentId } = event.data;
        return { ...s, openAlerts: { ...s.openAlerts, [alertId]: { alertId, rule, level, dueAt, departmentId, raisedAt: at } } };
      }
      case 'AlertCleared': {
        const { alertId } = event.data;
        if (!Object.prototype.hasOwnProperty.call(s.openAlerts, alertId)) return s;
        const { [alertId]: _cleared, ...openAlerts } = s.openAlerts;
        return { ...s, openAlerts };
      }
      case 'DeadlineRecomputed': {
        const { next, reason } = event.data;
        const ms = parseInstant(at);
        const restarted = reason === CORRECTION_RESTART_REASON && s.clock;
        const clock = restarted ? mapClock(restarted, (input) => ({ ...input, startMs: ms })) : s.clock;
        const latest = () => Math.max(parseInstant(next.promisedDueAt), parseInstant(next.statutoryDueAt));
        return {
          ...s, promisedDueAt: next.promisedDueAt, statutoryDueAt: next.statutoryDueAt, calendarVersion: next.calendarVersion,
          ...(restarted ? { clock } : {}),
          ...(s.hallId !== undefined && clock ? { provisional: clockFor(s.hallId).provisionalBetween(clock.promised.startMs, latest()) } : {}),
        };
      }
      case 'CorrectionRecorded':
        return { ...s, corrections: [...s.corrections, { corrects: event.data.corrects, fields: event.data.fields, reason: event.data.reason }] };
      case 'LateEntryRecorded':
        return s;
    }
  };
  return (state: CaseState, event: RecordedEvent<CaseEvent> & { eventId?: string }): CaseState => {
    const next = fold(state, event);
    if (event.eventId === undefined) return next;
    const eventIds = [...state.eventIds, event.eventId];
    // A state `fold` returns other than `state` is a fresh object no one else holds yet.
    return next === state ? { ...state, eventIds } : Object.assign(next, { eventIds });
  };
};
