import type { EvaluationChannel, StoredEvent } from '@banjian/core';
import { internText } from '../cases/facts';
import { instantMs } from '../cases/instant-ms';
import type { AppealOutcome, BadReviewStage } from './policy';

/** One evaluation 好差评 with what followed it: appeal, bad-review handling. Instants are epoch ms. */
export interface EvaluationRecord {
  evaluationId: string;
  caseId: string;
  hallId?: string;
  /** The evaluated window and staff: the evaluation's own, else the accepting ones. */
  windowId?: string;
  staffId?: string;
  departmentId?: string;
  level: 1 | 2 | 3 | 4 | 5;
  channel: EvaluationChannel;
  round: 'first' | 'followUp';
  realName: boolean;
  submittedAt: number;
  appealedAt?: number;
  appeal?: { outcome: AppealOutcome; decidedAt: number };
  /** `false` once triage found the bad review not valid. */
  valid?: boolean;
  assignee?: string;
  /** The rectification due time the triage named. */
  triageDueAt?: number;
  /** When each handling stage was done (a value: replaced, never changed in place; `NOT_HANDLED` until the first stage). */
  handled: Readonly<Partial<Record<BadReviewStage, number>>>;
  calledBackSatisfied?: boolean;
}

export interface FollowUpRecord {
  caseId: string;
  hallId?: string;
  at: number;
  method: 'phone' | 'visit' | 'sms' | 'online';
  satisfied?: boolean;
}

export interface ComplaintRecord {
  complaintId: string;
  hallId: string;
  caseId?: string;
  subject: { kind: 'staff' | 'window' | 'department'; id: string };
  filedAt: number;
  answerDueAt: number;
  answeredAt?: number;
}

/** Where a case was accepted: the attribution of its evaluations when they name no window or staff. */
export interface CaseHome {
  hallId: string;
  windowId?: string;
  staffId?: string;
  departmentId?: string;
}

export interface SatisfactionState {
  cases: Map<string, CaseHome>;
  /** By evaluationId, in submission order. */
  evaluations: Map<string, EvaluationRecord>;
  followUps: FollowUpRecord[];
  complaints: Map<string, ComplaintRecord>;
}

const STAGE_OF = {
  BadReviewTriaged: 'triage',
  BadReviewReplied: 'reply',
  BadReviewRectified: 'rectify',
  BadReviewCalledBack: 'callback',
} as const;

export const createSatisfactionState = (): SatisfactionState => ({ cases: new Map(), evaluations: new Map(), followUps: [], complaints: new Map() });

/** The one `handled` of every evaluation no stage has handled yet (most of them). */
export const NOT_HANDLED: EvaluationRecord['handled'] = Object.freeze({});

/**
 * A fold's single copies of the texts and case homes it keeps: events read from a store carry
 * their own copies of each window, staff and department id, and a record kept per case or per
 * evaluation must not keep a hundred thousand of them alive. Kept beside the state, not in it.
 */
interface Shared {
  readonly text: Map<string, string>;
  /** Homes of submitted cases by hall; of accepted ones by hall, department, window, staff (looked up by the event's own texts: no key built per event). */
  readonly submitted: Map<string, CaseHome>;
  readonly accepted: Map<string, Map<string, Map<string, Map<string, CaseHome>>>>;
}
const shared = new WeakMap<SatisfactionState, Shared>();
const sharedOf = (state: SatisfactionState): Shared => {
  let s = shared.get(state);
  if (!s) shared.set(state, (s = { text: new Map(), submitted: new Map(), accepted: new Map() }));
  return s;
};

const text = (s: Shared, value: string | undefined): string | undefined => (value === undefined ? undefined : internText(s.text, value));

/** The entry of `map` at `key`, made empty when missing. */
const below = <V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> => {
  let next = map.get(key);
  if (next === undefined) map.set(key, (next = new Map()));
  return next;
};

/** The shared home of a submitted case: its hall. */
const submittedHome = (s: Shared, hallId: string): CaseHome => {
  let home = s.submitted.get(hallId);
  if (home === undefined) s.submitted.set(hallId, (home = Object.freeze({ hallId: text(s, hallId)! })));
  return home;
};

/** The shared home of an accepted case: where it was accepted. */
const acceptedHome = (s: Shared, d: { hallId: string; windowId: string; staffId: string; departmentId: string }): CaseHome => {
  const byStaff = below(below(below(s.accepted, d.hallId), d.departmentId), d.windowId);
  let home = byStaff.get(d.staffId);
  if (home === undefined) {
    home = Object.freeze({ hallId: text(s, d.hallId)!, windowId: text(s, d.windowId), staffId: text(s, d.staffId), departmentId: text(s, d.departmentId) });
    byStaff.set(d.staffId, home);
  }
  return home;
};

/** What an evaluation says of itself (its event's data). */
type Evaluation = Pick<EvaluationRecord, 'evaluationId' | 'caseId' | 'windowId' | 'staffId' | 'level' | 'channel' | 'round' | 'realName'>;

/**
 * An evaluation's record, attributed to the window and staff it names, else to its case's home.
 * Built key by key in the order a spread would give (no per-event temporary objects).
 */
export const evaluationRecord = (d: Evaluation, home: CaseHome | undefined, submittedAt: number, handled: EvaluationRecord['handled']): EvaluationRecord => {
  const windowId = d.windowId ?? home?.windowId;
  const staffId = d.staffId ?? (d.windowId === undefined ? home?.staffId : undefined);
  const departmentId = home?.departmentId;
  if (home && windowId !== undefined && staffId !== undefined && departmentId !== undefined) {
    // the common case in one literal: every key in the object itself, none in a separate property store (~100 bytes a review)
    return {
      evaluationId: d.evaluationId, caseId: d.caseId, hallId: home.hallId, windowId, staffId, departmentId,
      level: d.level, channel: d.channel, round: d.round, realName: d.realName, submittedAt, handled,
    };
  }
  const record = { evaluationId: d.evaluationId, caseId: d.caseId } as EvaluationRecord;
  if (home) record.hallId = home.hallId;
  if (windowId !== undefined) record.windowId = windowId;
  if (staffId !== undefined) record.staffId = staffId;
  if (home?.departmentId !== undefined) record.departmentId = home.departmentId;
  record.level = d.level;
  record.channel = d.channel;
  record.round = d.round;
  record.realName = d.realName;
  record.submittedAt = submittedAt;
  record.handled = handled;
  return record;
};

export const followUpRecord = (caseId: string, method: FollowUpRecord['method'], at: number, home: CaseHome | undefined, satisfied: boolean | undefined): FollowUpRecord => {
  const record: FollowUpRecord = { caseId, method, at };
  if (home?.hallId !== undefined) record.hallId = home.hallId;
  if (satisfied !== undefined) record.satisfied = satisfied;
  return record;
};

export const applySatisfaction = (state: SatisfactionState, event: StoredEvent): SatisfactionState => {
  switch (event.type) {
    case 'ApplicationSubmitted':
      state.cases.set(event.data.caseId, submittedHome(sharedOf(state), event.data.hallId));
      break;
    case 'CaseAccepted':
      state.cases.set(event.data.caseId, acceptedHome(sharedOf(state), event.data));
      break;
    case 'EvaluationSubmitted': {
      const d = event.data;
      const s = sharedOf(state);
      const record = evaluationRecord(d, state.cases.get(d.caseId), instantMs(event.occurredAt), NOT_HANDLED);
      if (record.windowId !== undefined) record.windowId = text(s, record.windowId);
      if (record.staffId !== undefined) record.staffId = text(s, record.staffId);
      record.channel = text(s, record.channel) as EvaluationChannel;
      state.evaluations.set(d.evaluationId, record);
      break;
    }
    case 'EvaluationAppealed': {
      const record = state.evaluations.get(event.data.evaluationId);
      if (record) record.appealedAt = instantMs(event.occurredAt);
      break;
    }
    case 'EvaluationAppealDecided': {
      const record = state.evaluations.get(event.data.evaluationId);
      if (record) record.appeal = { outcome: event.data.outcome, decidedAt: instantMs(event.occurredAt) };
      break;
    }
    case 'BadReviewTriaged':
    case 'BadReviewReplied':
    case 'BadReviewRectified':
    case 'BadReviewCalledBack': {
      const record = state.evaluations.get(event.data.evaluationId);
      if (!record) break;
      const stage = STAGE_OF[event.type];
      // the first time a stage was done is the one judged against its due time
      if (record.handled[stage] === undefined) record.handled = { ...record.handled, [stage]: instantMs(event.occurredAt) };
      if (event.type === 'BadReviewTriaged') {
        record.valid = event.data.valid;
        if (event.data.assignee !== undefined) record.assignee = event.data.assignee;
        if (event.data.dueAt !== undefined) record.triageDueAt = instantMs(event.data.dueAt);
      } else if (event.type === 'BadReviewCalledBack') {
        record.calledBackSatisfied = event.data.satisfied;
      }
      break;
    }
    case 'FollowUpRecorded': {
      const { caseId, method, satisfied } = event.data;
      state.followUps.push(followUpRecord(caseId, method, instantMs(event.occurredAt), state.cases.get(caseId), satisfied));
      break;
    }
    case 'ComplaintFiled': {
      const d = event.data;
      state.complaints.set(d.complaintId, {
        complaintId: d.complaintId, hallId: d.hallId, subject: d.subject,
        filedAt: instantMs(event.occurredAt), answerDueAt: instantMs(d.answerDueAt),
        ...(d.caseId === undefined ? {} : { caseId: d.caseId }),
      });
      break;
    }
    case 'ComplaintAnswered': {
      const record = state.complaints.get(event.data.complaintId);
      if (record && record.answeredAt === undefined) record.answeredAt = instantMs(event.occurredAt);
      break;
    }
    default:
      break;
  }
  return state;
};
