import type { StoredEvent } from '@banjian/core';
import { createCaseFactsState, type CaseFactsState } from '../cases/facts';
import { applyCaseFactsEvent, isCaseStream } from '../cases/fold';
import { instantMs } from '../cases/instant-ms';

/** One event as an auditor points at it: where it is in the log, when it happened and was recorded, by whom. */
export interface EventMark {
  readonly position: number;
  readonly type: string;
  readonly occurredMs: number;
  readonly recordedMs: number;
  readonly actorKind: string;
  readonly actorId: string;
  readonly departmentId: string | undefined;
}

/** An evaluation 好差评 with what an auditor needs of its appeal. */
export interface EvaluationTrace {
  readonly evaluationId: string;
  readonly mark: EventMark;
  readonly level: number;
  readonly channel: string;
  readonly windowId: string | undefined;
  readonly staffId: string | undefined;
  appealDecided?: { mark: EventMark; outcome: string };
}

/** How a case ended early, when it did: withdrawn 撤回, or completed denied 不予许可 or returned 退件. */
export type EarlyEnd = 'withdrawn' | 'denied' | 'returned';

/**
 * The evidence kept per case: the marks of the events the findings read. Plain mutable record,
 * O(1) per event (evaluations and stops are short lists).
 */
export interface CaseTrace {
  readonly caseId: string;
  applicantRef: string;
  submitted?: EventMark;
  accepted?: EventMark;
  completed?: EventMark;
  ended?: { mark: EventMark; how: EarlyEnd };
  /** ClockSuspended and TimeLimitExtended, in order. */
  stops: EventMark[];
  /** Every event of the case recorded later than its business time (recordedAt > occurredAt). */
  lagging: EventMark[];
  evaluations: EvaluationTrace[];
}

/** The state of the audit projection: the shared case facts plus the evidence per case. */
export interface AuditState {
  facts: CaseFactsState;
  traces: Map<string, CaseTrace>;
  position: number;
}

export const createAuditState = (): AuditState => ({ facts: createCaseFactsState(), traces: new Map(), position: 0 });

const markOf = (event: StoredEvent, occurredMs: number, recordedMs: number): EventMark => ({
  position: event.globalPosition,
  type: event.type,
  occurredMs,
  recordedMs,
  actorKind: event.actor.kind,
  actorId: event.actor.id,
  departmentId: event.actor.departmentId,
});

const traceOf = (state: AuditState, caseId: string): CaseTrace => {
  let trace = state.traces.get(caseId);
  if (!trace) {
    trace = { caseId, applicantRef: '', stops: [], lagging: [], evaluations: [] };
    state.traces.set(caseId, trace);
  }
  return trace;
};

const MARKED: ReadonlySet<string> = new Set([
  'ApplicationSubmitted', 'CaseAccepted', 'CaseWithdrawn', 'CaseCompleted', 'ClockSuspended', 'TimeLimitExtended', 'EvaluationSubmitted', 'EvaluationAppealDecided',
]);

/** Folds one event: into the case facts (the one fold every figure uses), then into the evidence. */
export const applyAuditEvent = (state: AuditState, event: StoredEvent): AuditState => {
  applyCaseFactsEvent(state.facts, event);
  state.position = event.globalPosition;
  if (!isCaseStream(event.streamId)) return state;
  const caseId = (event.data as { caseId?: unknown }).caseId;
  if (typeof caseId !== 'string') return state;
  const trace = traceOf(state, caseId);
  const occurredMs = instantMs(event.occurredAt);
  const recordedMs = instantMs(event.recordedAt);
  const lagging = recordedMs > occurredMs;
  // most events are neither late nor evidence: no mark is kept (a million-event fold allocates what it keeps)
  if (!lagging && !MARKED.has(event.type)) return state;
  const mark = markOf(event, occurredMs, recordedMs);
  if (lagging) trace.lagging.push(mark);
  switch (event.type) {
    case 'ApplicationSubmitted':
      trace.submitted = mark;
      trace.applicantRef = event.data.applicant.ref;
      return state;
    case 'CaseAccepted':
      trace.accepted = mark;
      return state;
    case 'CaseWithdrawn':
      trace.ended = { mark, how: 'withdrawn' };
      return state;
    case 'CaseCompleted':
      trace.completed = mark;
      if (event.data.result === 'denied' || event.data.result === 'returned') trace.ended = { mark, how: event.data.result };
      return state;
    case 'ClockSuspended':
    case 'TimeLimitExtended':
      trace.stops.push(mark);
      return state;
    case 'EvaluationSubmitted': {
      const d = event.data;
      trace.evaluations.push({ evaluationId: d.evaluationId, mark, level: d.level, channel: d.channel, windowId: d.windowId, staffId: d.staffId });
      return state;
    }
    case 'EvaluationAppealDecided': {
      const evaluation = trace.evaluations.find((e) => e.evaluationId === event.data.evaluationId);
      if (evaluation) evaluation.appealDecided = { mark, outcome: event.data.outcome };
      return state;
    }
    default:
      return state;
  }
};
