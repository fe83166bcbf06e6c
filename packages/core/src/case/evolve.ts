import type { Draft } from 'immer';
import { produce } from '../decider/produce';
import { effectiveDueAt } from '../clock/case-clock';
import { parseInstant } from '../clock/instant';
import type { RecordedEvent } from '../decider/decider';
import type { ClockFor } from '../org/clocks';
import type { CaseEvent, CaseState } from './state';

/**
 * The reason a `DeadlineRecomputed` carries when a post-acceptance correction restarts the clock
 * (hall policy `restart`): the limit runs again from the supplement, the day of it not counted.
 */
export const CORRECTION_RESTART_REASON = 'correctionAfterAcceptance.restart';

type S = Draft<CaseState>;

/** Stops an open suspension (resumed, completed or withdrawn) at `ms`. */
const endSuspension = (s: S, ms: number) => {
  if (!s.clock) return;
  for (const input of [s.clock.promised, s.clock.statutory]) {
    const open = input.suspensions.at(-1);
    if (open && open.toMs === undefined) open.toMs = ms;
  }
  s.suspension = undefined;
};

const endSegment = (s: S, ms: number) => {
  const open = s.segments.at(-1);
  if (open && open.toMs === undefined) open.toMs = ms;
};

const markHandling = (s: S) => {
  if (s.status === 'accepted') s.status = 'inProgress';
};

const badReview = (s: S, evaluationId: string) => {
  const e = s.evaluations[evaluationId];
  if (e) e.badReview ??= {};
  return e?.badReview;
};

/** Folds one case event. Uses the hall clock only to tell whether an extension came too late. */
export const createCaseEvolve =
  (clockFor: ClockFor) =>
  (state: CaseState, event: RecordedEvent<CaseEvent> & { eventId?: string }): CaseState =>
    produce(state, (s) => {
      const at = event.occurredAt;
      const ms = parseInstant(at);
      if (event.eventId !== undefined) s.eventIds.push(event.eventId);
      switch (event.type) {
        case 'ApplicationSubmitted': {
          const d = event.data;
          Object.assign(s, { status: 'submitted', caseId: d.caseId, caseNo: d.caseNo, hallId: d.hallId, itemCode: d.itemCode, applicant: d.applicant, submittedAt: at });
          if (d.itemVersion !== undefined) s.itemVersion = d.itemVersion;
          if (d.agentId !== undefined) s.agentId = d.agentId;
          return;
        }
        case 'CorrectionRequested': {
          const afterAcceptance = s.acceptedAt !== undefined;
          s.correction = { missing: event.data.missing, afterAcceptance, requestedAt: at };
          if (!afterAcceptance) {
            s.status = 'awaitingCorrection';
            s.correctionNotices += 1;
          }
          return;
        }
        case 'CorrectionSupplied':
          s.correction = undefined;
          if (s.status === 'awaitingCorrection') s.status = 'submitted';
          return;
        case 'CaseAccepted': {
          const d = event.data;
          Object.assign(s, {
            status: 'accepted', acceptedAt: at, kind: d.kind, limits: d.limits, calendarVersion: d.calendarVersion,
            provisional: d.provisional, promisedDueAt: d.promisedDueAt, statutoryDueAt: d.statutoryDueAt,
            holder: { departmentId: d.departmentId, windowId: d.windowId, staffId: d.staffId },
            clock: {
              promised: { startMs: ms, limit: d.limits.promised, extensions: [], suspensions: [] },
              statutory: { startMs: ms, limit: d.limits.statutory, extensions: [], suspensions: [] },
            },
          });
          s.segments.push({ departmentId: d.departmentId, fromMs: ms });
          return;
        }
        case 'CaseRejected':
          s.status = 'rejected';
          return;
        case 'CaseWithdrawn':
          endSuspension(s, ms);
          endSegment(s, ms);
          s.status = 'withdrawn';
          return;
        case 'CaseTransferred': {
          const handover = parseInstant(event.data.handoverAt);
          endSegment(s, handover);
          s.segments.push({ departmentId: event.data.to.departmentId, fromMs: handover });
          s.holder = event.data.to;
          markHandling(s);
          return;
        }
        case 'StepCompleted':
          s.steps += 1;
          markHandling(s);
          return;
        case 'JointReviewRequested':
          s.jointReview = {
            replyDueAt: event.data.replyDueAt,
            departments: Object.fromEntries(event.data.departmentIds.map((id) => [id, { deemed: false }])),
          };
          markHandling(s);
          return;
        case 'JointOpinionReturned':
        case 'DeemedConsentApplied': {
          const dept = s.jointReview?.departments[event.data.departmentId];
          if (!dept) return;
          dept.opinion = event.type === 'JointOpinionReturned' ? event.data.opinion : 'consent';
          dept.deemed = event.type === 'DeemedConsentApplied';
          return;
        }
        case 'CaseEscalated':
          s.escalation = { authority: event.data.authority, since: at };
          s.escalated = true;
          markHandling(s);
          return;
        case 'EscalationReturned':
          s.escalation = undefined;
          return;
        case 'ClockSuspended':
          s.suspension = { procedure: event.data.procedure, since: at, resumeTo: s.status === 'accepted' ? 'inProgress' : s.status };
          s.clock?.promised.suspensions.push({ fromMs: ms });
          s.clock?.statutory.suspensions.push({ fromMs: ms });
          s.status = 'suspended';
          return;
        case 'ClockResumed': {
          const resumeTo = s.suspension?.resumeTo ?? 'inProgress';
          endSuspension(s, ms);
          s.status = resumeTo;
          return;
        }
        case 'TimeLimitExtended': {
          const { by, approvedBy, requestedAt } = event.data;
          const requested = parseInstant(requestedAt);
          const late = s.clock !== undefined && s.hallId !== undefined && requested > effectiveDueAt(clockFor(s.hallId), s.clock.promised, requested).dueAt;
          s.extensions.push({ by, approvedBy, requestedAt, late });
          if (late) s.overdueDespiteExtension = true;
          else {
            s.clock?.promised.extensions.push(by);
            s.clock?.statutory.extensions.push(by);
          }
          return;
        }
        case 'DecisionMade':
          s.decision = { outcome: event.data.outcome, at };
          s.status = 'decided';
          return;
        case 'CaseCompleted':
          endSuspension(s, ms);
          endSegment(s, ms);
          Object.assign(s, { status: 'completed', result: event.data.result, completedAt: at, correction: undefined });
          return;
        case 'ResultDelivered':
          s.status = 'delivered';
          s.deliveredAt = at;
          return;
        case 'ApplicantNoShow':
          s.noShow = event.data.notifiedDate;
          return;
        case 'VisitRecorded':
          s.visits += 1;
          return;
        case 'EvaluationSubmitted': {
          const { evaluationId, level, round, channel, windowId, staffId } = event.data;
          s.evaluations[evaluationId] = {
            evaluationId, level, round, channel, submittedAt: at, excluded: false,
            ...(windowId ? { windowId } : {}), ...(staffId ? { staffId } : {}),
          };
          if (round === 'first') s.firstEvaluationId = evaluationId;
          return;
        }
        case 'BadReviewTriaged': {
          const { valid, assignee, dueAt } = event.data;
          const h = badReview(s, event.data.evaluationId);
          if (h) h.triage = { valid, at, ...(assignee ? { assignee } : {}), ...(dueAt ? { dueAt } : {}) };
          return;
        }
        case 'BadReviewReplied': {
          const h = badReview(s, event.data.evaluationId);
          if (h) h.repliedAt = at;
          return;
        }
        case 'BadReviewRectified': {
          const h = badReview(s, event.data.evaluationId);
          if (h) h.rectifiedAt = at;
          return;
        }
        case 'BadReviewCalledBack': {
          const h = badReview(s, event.data.evaluationId);
          if (h) h.calledBack = { satisfied: event.data.satisfied, at };
          return;
        }
        case 'EvaluationAppealed': {
          const e = s.evaluations[event.data.evaluationId];
          if (e) e.appeal = { reason: event.data.reason };
          return;
        }
        case 'EvaluationAppealDecided': {
          const e = s.evaluations[event.data.evaluationId];
          if (e?.appeal) e.appeal.outcome = event.data.outcome;
          if (e) e.excluded = event.data.outcome !== 'upheld';
          return;
        }
        case 'FollowUpRecorded':
          s.followUps += 1;
          return;
        case 'AlertRaised': {
          const { alertId, rule, level, dueAt, departmentId } = event.data;
          s.openAlerts[alertId] = { alertId, rule, level, dueAt, departmentId, raisedAt: at };
          return;
        }
        case 'AlertCleared':
          delete s.openAlerts[event.data.alertId];
          return;
        case 'DeadlineRecomputed': {
          const { next, reason } = event.data;
          Object.assign(s, { promisedDueAt: next.promisedDueAt, statutoryDueAt: next.statutoryDueAt, calendarVersion: next.calendarVersion });
          if (reason === CORRECTION_RESTART_REASON && s.clock) {
            s.clock.promised.startMs = ms;
            s.clock.statutory.startMs = ms;
          }
          if (s.hallId !== undefined && s.clock) {
            const latest = Math.max(parseInstant(next.promisedDueAt), parseInstant(next.statutoryDueAt));
            s.provisional = clockFor(s.hallId).provisionalBetween(s.clock.promised.startMs, latest);
          }
          return;
        }
        case 'CorrectionRecorded':
          s.corrections.push({ corrects: event.data.corrects, fields: event.data.fields, reason: event.data.reason });
          return;
      }
    });
