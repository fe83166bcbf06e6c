import { foldCaseClock } from '../clock/case-clock-state';
import type { RecordedEvent } from '../decider/decider';
import type { BadReviewHandling, CaseState, CaseStatus, CaseEvent, EvaluationState } from './state';


// Every fold copies only what the event changes and shares the rest with the state before, which
// is never mutated: the engine's snapshot cache and as-of reads may still hold it. Every state has
// the fields of `initialCaseState`, no more, so each copy keeps one shape.

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

const handling = (status: CaseStatus): CaseStatus => (status === 'accepted' ? 'inProgress' : status);

const withEvaluation = (s: CaseState, evaluation: EvaluationState): CaseState => ({
  ...s,
  evaluations: { ...s.evaluations, [evaluation.evaluationId]: evaluation },
});

const withBadReview = (s: CaseState, evaluationId: string, change: Partial<BadReviewHandling>): CaseState => {
  const e = own(s.evaluations, evaluationId);
  return e ? withEvaluation(s, { ...e, badReview: { ...e.badReview, ...change } }) : s;
};

/** Folds one case event; the clock part by `foldCaseClock`, the fold every projection uses too. */
export const createCaseEvolve = () => {
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
        return {
          ...s, status: 'accepted', acceptedAt: d.deemedFrom ?? at, kind: d.kind, limits: d.limits,
          holder: { departmentId: d.departmentId, windowId: d.windowId, staffId: d.staffId },
        };
      }
      case 'CaseRejected':
        return { ...s, status: 'rejected' };
      case 'CaseWithdrawn':
        return { ...s, suspension: undefined, status: 'withdrawn' };
      case 'CaseTransferred':
        return { ...s, holder: event.data.to, status: handling(s.status) };
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
        const suspension = { procedure: event.data.procedure, since: at, resumeTo: handling(s.status) };
        return { ...s, suspension, status: 'suspended' };
      }
      case 'ClockResumed':
        return { ...s, suspension: undefined, status: s.suspension?.resumeTo ?? 'inProgress' };
      case 'TimeLimitExtended': {
        const { by, approvedBy, requestedAt } = event.data;
        return { ...s, extensions: [...s.extensions, { by, approvedBy, requestedAt }] };
      }
      case 'DecisionMade':
        return { ...s, decision: { outcome: event.data.outcome, at }, status: 'decided' };
      case 'CaseCompleted':
        return { ...s, suspension: undefined, status: 'completed', result: event.data.result, completedAt: at, correction: undefined };
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
      case 'DeadlineRecomputed':
        return s;
      case 'CorrectionRecorded':
        return { ...s, corrections: [...s.corrections, { corrects: event.data.corrects, fields: event.data.fields, reason: event.data.reason }] };
      case 'LateEntryRecorded':
        return s;
    }
  };
  return (state: CaseState, event: RecordedEvent<CaseEvent> & { eventId?: string }): CaseState => {
    const folded = fold(state, event);
    const clock = foldCaseClock(state.clock, event);
    const next = clock === state.clock ? folded : folded === state ? { ...state, clock } : Object.assign(folded, { clock });
    if (event.eventId === undefined) return next;
    const eventIds = [...state.eventIds, event.eventId];
    // A state `fold` returns other than `state` is a fresh object no one else holds yet.
    return next === state ? { ...state, eventIds } : Object.assign(next, { eventIds });
  };
};
