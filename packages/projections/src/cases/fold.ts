import { CompletionResult, foldCaseClock, type ClockSharing, type StoredEvent } from '@banjian/core';
import { instantMs } from './instant-ms';
import { applyContextEvent } from './context';
import { appended, internDueTimes, internHolder, internLimits, internString, newCaseFacts, type CaseFacts, type CaseFactsState, type EvaluationFacts } from './facts';

const ms = instantMs;

const caseOf = (state: CaseFactsState, caseId: string, atMs: number): CaseFacts => {
  let facts = state.cases.get(caseId);
  if (!facts) {
    // an event of a case whose submission this log does not hold (a partial import): keep its facts anyway
    facts = newCaseFacts(caseId, '', atMs);
    state.cases.set(caseId, facts);
  }
  return facts;
};

const evaluationOf = (facts: CaseFacts, evaluationId: string): EvaluationFacts | undefined => {
  for (const e of facts.evaluations) if (e.evaluationId === evaluationId) return e;
  return undefined;
};

const sharings = new WeakMap<CaseFactsState, ClockSharing>();
/** The state's single copies for the clocks it keeps (a million-event fold keeps no event's own strings). */
const sharingOf = (state: CaseFactsState): ClockSharing => {
  let share = sharings.get(state);
  if (!share) sharings.set(state, (share = { text: (s) => internString(state, s), limits: (l) => internLimits(state, l), dueTimes: (d) => internDueTimes(state, d), instantMs }));
  return share;
};

/** Events of other streams than cases' (halls, catalogues, calendars) fold into the hall context. */
export const isCaseStream = (streamId: string): boolean => streamId.startsWith('case-');

/** Folds one event into the case facts state (O(1) for every case event). */
export const applyCaseFactsEvent = (state: CaseFactsState, event: StoredEvent): CaseFactsState => {
  state.position = event.globalPosition;
  const at = ms(event.occurredAt);
  switch (event.type) {
    case 'ConsultationRecorded': {
      const d = event.data;
      state.consultations.push({
        hallId: internString(state, d.hallId), windowId: d.windowId === undefined ? undefined : internString(state, d.windowId),
        itemCode: d.itemCode === undefined ? undefined : internString(state, d.itemCode), atMs: at,
      });
      return state;
    }
    case 'ComplaintFiled': {
      const d = event.data;
      state.complaints.set(d.complaintId, {
        complaintId: d.complaintId, hallId: d.hallId, caseId: d.caseId, subject: { kind: d.subject.kind, id: d.subject.id },
        filedAt: at, answerDueAt: ms(d.answerDueAt), answeredAt: -1,
      });
      return state;
    }
    case 'ComplaintAnswered': {
      const complaint = state.complaints.get(event.data.complaintId);
      if (complaint && complaint.answeredAt < 0) complaint.answeredAt = at;
      return state;
    }
    case 'ApplicationSubmitted': {
      const d = event.data;
      const facts = state.cases.get(d.caseId) ?? newCaseFacts(d.caseId, d.hallId, at);
      facts.caseNo = d.caseNo;
      facts.hallId = internString(state, d.hallId);
      facts.itemCode = internString(state, d.itemCode);
      facts.itemVersion = d.itemVersion;
      facts.channel = internString(state, d.channel);
      facts.applicantType = internString(state, d.applicant.type);
      facts.agentId = d.agentId;
      facts.investment = d.investment;
      facts.submittedAt = at;
      facts.position = event.globalPosition;
      state.cases.set(d.caseId, facts);
      return state;
    }
    default:
      break;
  }
  if (!isCaseStream(event.streamId)) {
    applyContextEvent(state.context, event);
    return state;
  }
  applyToCase(state, event, at);
  return state;
};

const applyToCase = (state: CaseFactsState, event: StoredEvent, at: number): void => {
  const facts = caseOf(state, (event.data as { caseId: string }).caseId, at);
  facts.position = event.globalPosition;
  // The case's clock is core's one fold (the decider's too); the facts below are what figures count.
  facts.clock = foldCaseClock(facts.clock, event, at, sharingOf(state));
  switch (event.type) {
    case 'CorrectionRequested':
      // after acceptance the decider suspends the clock with the request (ClockSuspended); before it nothing runs
      if (facts.acceptedAt < 0) {
        facts.correctionsBeforeAcceptance += 1;
        facts.status = 'awaitingCorrection';
      }
      return;
    case 'CorrectionSupplied':
      if (facts.acceptedAt < 0) facts.status = 'submitted';
      return;
    case 'CaseAccepted': {
      const d = event.data;
      facts.acceptedAt = facts.clock!.acceptedAtMs;
      facts.hallId = internString(state, d.hallId);
      facts.acceptedBy = internHolder(state, d);
      facts.holder = facts.acceptedBy;
      facts.kind = d.kind;
      facts.limits = facts.clock!.limits;
      facts.status = 'accepted';
      return;
    }
    case 'CaseRejected':
      facts.rejectedAt = at;
      facts.status = 'rejected';
      return;
    case 'CaseWithdrawn':
      facts.withdrawnAt = at;
      facts.status = 'withdrawn';
      return;
    case 'CaseTransferred':
      facts.holder = internHolder(state, event.data.to);
      return;
    case 'JointReviewRequested':
      for (const departmentId of event.data.departmentIds) {
        facts.joint = appended(facts.joint, { departmentId, replyDueAtMs: ms(event.data.replyDueAt) });
      }
      return;
    case 'JointOpinionReturned': {
      const open = facts.joint.find((j) => j.departmentId === event.data.departmentId && j.answeredAtMs === undefined && j.deemedAtMs === undefined);
      if (open) {
        open.answeredAtMs = at;
        open.opinion = event.data.opinion;
      }
      return;
    }
    case 'DeemedConsentApplied': {
      const open = facts.joint.find((j) => j.departmentId === event.data.departmentId && j.answeredAtMs === undefined && j.deemedAtMs === undefined);
      if (open) open.deemedAtMs = at;
      else facts.joint = appended(facts.joint, { departmentId: event.data.departmentId, replyDueAtMs: ms(event.data.replyDueAt), deemedAtMs: at });
      return;
    }
    case 'CaseEscalated':
      facts.escalated = true;
      return;
    case 'ClockSuspended':
      facts.status = 'suspended';
      return;
    case 'ClockResumed':
      facts.status = 'accepted';
      return;
    case 'DecisionMade':
      facts.decision = event.data.outcome;
      facts.decidedAt = at;
      facts.approvedAmount = event.data.approvedAmount;
      return;
    case 'CaseCompleted':
      facts.completedAt = at;
      facts.result = event.data.result;
      facts.status = 'completed';
      return;
    case 'ResultDelivered':
      facts.deliveredAt = at;
      return;
    case 'ApplicantNoShow':
      facts.noShowAt = at;
      return;
    case 'VisitRecorded':
      facts.visits += 1;
      return;
    case 'EvaluationSubmitted': {
      const d = event.data;
      facts.evaluations = appended(facts.evaluations, {
        evaluationId: d.evaluationId, atMs: at, level: d.level, channel: internString(state, d.channel) as typeof d.channel,
        round: d.round === 'first' ? 'first' : 'followUp',
        windowId: d.windowId === undefined ? undefined : internString(state, d.windowId),
        staffId: d.staffId === undefined ? undefined : internString(state, d.staffId), excluded: false,
      });
      return;
    }
    case 'BadReviewTriaged': {
      const evaluation = evaluationOf(facts, event.data.evaluationId);
      if (evaluation) {
        evaluation.triagedValid = event.data.valid;
        if (event.data.dueAt) evaluation.dueAtMs = ms(event.data.dueAt);
      }
      return;
    }
    case 'BadReviewRectified': {
      const evaluation = evaluationOf(facts, event.data.evaluationId);
      if (evaluation && evaluation.rectifiedAtMs === undefined) evaluation.rectifiedAtMs = at;
      return;
    }
    case 'BadReviewReplied': {
      const evaluation = evaluationOf(facts, event.data.evaluationId);
      if (evaluation && evaluation.contactedAtMs === undefined) evaluation.contactedAtMs = at;
      return;
    }
    case 'BadReviewCalledBack': {
      const evaluation = evaluationOf(facts, event.data.evaluationId);
      if (evaluation && evaluation.calledBackAtMs === undefined) evaluation.calledBackAtMs = at;
      return;
    }
    case 'EvaluationAppealDecided': {
      const evaluation = evaluationOf(facts, event.data.evaluationId);
      if (evaluation) evaluation.excluded = event.data.outcome === 'mistaken' || event.data.outcome === 'malicious';
      return;
    }
    case 'FollowUpRecorded':
      facts.followUps = appended(facts.followUps, event.data.satisfied === undefined ? { atMs: at } : { atMs: at, satisfied: event.data.satisfied });
      return;
    case 'CorrectionRecorded':
      applyCorrection(facts, event.data.fields);
      return;
    case 'LateEntryRecorded':
      facts.lateEntries = appended(facts.lateEntries, {
        recordedAtMs: ms(event.data.recordedAt), staffId: internString(state, event.actor.id), departmentId: facts.holder?.departmentId ?? facts.acceptedBy?.departmentId,
      });
      return;
    default:
      return;
  }
};

/**
 * A compensating correction 更正 (spec §6: never an edit of the log). The fields a figure reads
 * can be corrected: `channel`, `itemCode`, `kind`, `result`, and the instants `submittedAt`,
 * `acceptedAt`, `completedAt`, `deliveredAt` (ISO-8601); any other field is recorded only.
 */
const applyCorrection = (facts: CaseFacts, fields: Record<string, unknown>): void => {
  facts.correctionsRecorded += 1;
  const text = (k: string): string | undefined => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined);
  const instant = (k: string): number | undefined => {
    const v = text(k);
    const parsed = v === undefined ? Number.NaN : ms(v);
    return Number.isNaN(parsed) ? undefined : parsed;
  };
  const channel = text('channel');
  if (channel) facts.channel = channel;
  const itemCode = text('itemCode');
  if (itemCode) facts.itemCode = itemCode;
  const kind = text('kind');
  if (kind === 'immediate' || kind === 'promised' || kind === 'escalated' || kind === 'joint') facts.kind = kind;
  const result = text('result');
  if (result && facts.result !== undefined && CompletionResult.is(result)) facts.result = result;
  const submittedAt = instant('submittedAt');
  if (submittedAt !== undefined) facts.submittedAt = submittedAt;
  const acceptedAt = instant('acceptedAt');
  if (acceptedAt !== undefined && facts.acceptedAt >= 0) {
    facts.acceptedAt = acceptedAt;
  }
  const completedAt = instant('completedAt');
  if (completedAt !== undefined && facts.completedAt >= 0) facts.completedAt = completedAt;
  const deliveredAt = instant('deliveredAt');
  if (deliveredAt !== undefined && facts.deliveredAt >= 0) facts.deliveredAt = deliveredAt;
};
