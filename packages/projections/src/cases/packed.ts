import { caseClockState, type CaseClockState, type RecordedDueTimes } from '@banjian/core';
import { createTapeWriter, keysAfter, readTape, type Tape, type TapeReader, type TapeWriter } from '../runner/tape';
import {
  internDueTimes, internHolder, internLimits, internString, newCaseFacts,
  type CaseFacts, type CaseFactsState, type CaseStatus, type ComplaintFacts, type ConsultationFacts, type EvaluationFacts,
} from './facts';

/**
 * Case facts on a tape (see runner/tape.ts), for a later range's part crossing to the main
 * thread: each case's facts, the consultations, the complaints and the position.
 */

/** The keys every evaluation is built with (fold.ts); triage, rectification and appeal add theirs after. */
const EVALUATION_KEYS = 8;

const writeEvaluations = (w: TapeWriter, list: readonly EvaluationFacts[]): void => {
  w.number(list.length);
  for (const e of list) {
    w.id(e.evaluationId);
    w.number(e.atMs);
    w.number(e.level);
    w.string(e.channel);
    w.string(e.round);
    w.string(e.windowId);
    w.string(e.staffId);
    w.boolean(e.excluded);
    w.json(keysAfter(e, EVALUATION_KEYS));
  }
};

/** A fact list: absent when empty (the reader keeps the shared empty list). */
const list = <T>(items: readonly T[]): readonly T[] | undefined => (items.length === 0 ? undefined : items);

/** A case's clock field by field (its rare lists as JSON): no JSON text per case, and the reader builds it with core's one literal. */
const writeClock = (w: TapeWriter, c: CaseClockState | undefined): void => {
  w.boolean(c !== undefined);
  if (c === undefined) return;
  w.number(c.acceptedAtMs);
  w.json(c.limits);
  w.string(c.departmentId);
  w.string(c.due.calendarVersion);
  w.number(c.due.promisedDueMs);
  w.number(c.due.statutoryDueMs);
  w.json(list(c.extensions));
  w.json(list(c.suspensions));
  w.maybeNumber(c.closedAtMs);
  w.json(c.rebases);
  w.json(c.handovers);
};

const writeCase = (w: TapeWriter, f: CaseFacts): void => {
  w.id(f.caseId);
  w.id(f.caseNo);
  w.string(f.hallId);
  w.string(f.itemCode);
  w.maybeNumber(f.itemVersion);
  w.string(f.channel);
  w.string(f.applicantType);
  w.string(f.agentId);
  w.json(f.investment);
  w.string(f.status);
  w.number(f.submittedAt);
  w.number(f.correctionsBeforeAcceptance);
  w.number(f.rejectedAt);
  w.number(f.withdrawnAt);
  w.number(f.acceptedAt);
  w.json(f.acceptedBy);
  w.string(f.kind);
  w.json(f.limits);
  writeClock(w, f.clock);
  w.json(f.holder);
  w.boolean(f.escalated);
  w.json(list(f.joint));
  w.string(f.decision);
  w.number(f.decidedAt);
  w.json(f.approvedAmount);
  w.number(f.completedAt);
  w.string(f.result);
  w.number(f.deliveredAt);
  w.number(f.noShowAt);
  w.number(f.visits);
  writeEvaluations(w, f.evaluations);
  w.json(list(f.followUps));
  w.number(f.correctionsRecorded);
  w.json(list(f.lateEntries));
  w.number(f.position);
};

export const packCaseFacts = (state: CaseFactsState): Tape => {
  const w = createTapeWriter();
  w.number(state.cases.size);
  for (const facts of state.cases.values()) writeCase(w, facts);
  w.number(state.consultations.length);
  for (const c of state.consultations) {
    w.string(c.hallId);
    w.string(c.windowId);
    w.string(c.itemCode);
    w.number(c.atMs);
  }
  w.number(state.complaints.size);
  for (const c of state.complaints.values()) {
    w.id(c.complaintId);
    w.string(c.hallId);
    w.string(c.caseId);
    w.json(c.subject);
    w.number(c.filedAt);
    w.number(c.answerDueAt);
    w.number(c.answeredAt);
  }
  w.number(state.position);
  return w.done();
};

/** The state's single copies, each decoded once per distinct text of the tape. */
const adopters = (r: TapeReader, state: CaseFactsState) => ({
  text: r.decoded((s) => internString(state, s)),
  holder: r.decoded((s) => internHolder(state, JSON.parse(s))),
  limits: r.decoded((s) => internLimits(state, JSON.parse(s))),
  dueTimes: (due: RecordedDueTimes) => internDueTimes(state, due),
});
type Adopters = ReturnType<typeof adopters>;

const readEvaluations = (r: TapeReader, a: Adopters): readonly EvaluationFacts[] | undefined => {
  const count = r.number();
  if (count === 0) return undefined;
  const out: EvaluationFacts[] = [];
  for (let k = 0; k < count; k++) {
    const e: EvaluationFacts = {
      evaluationId: r.string()!, atMs: r.number(), level: r.number() as EvaluationFacts['level'], channel: a.text() as EvaluationFacts['channel'],
      round: r.string() as EvaluationFacts['round'], windowId: a.text(), staffId: a.text(), excluded: r.boolean(),
    };
    const later = r.json<object>();
    if (later !== undefined) Object.assign(e, later);
    out.push(e);
  }
  return out;
};

const readClock = (r: TapeReader, a: Adopters): CaseClockState | undefined => {
  if (!r.boolean()) return undefined;
  return caseClockState({
    acceptedAtMs: r.number(), limits: a.limits()!, departmentId: a.text()!,
    due: a.dueTimes({ calendarVersion: r.string()!, promisedDueMs: r.number(), statutoryDueMs: r.number() }),
    extensions: r.json(), suspensions: r.json(), closedAtMs: r.maybeNumber(), rebases: r.json(), handovers: r.json(),
  });
};

const readCase = (r: TapeReader, a: Adopters): CaseFacts => {
  const f = newCaseFacts(r.string()!, '', 0);
  f.caseNo = r.string()!;
  f.hallId = a.text()!;
  f.itemCode = a.text()!;
  f.itemVersion = r.maybeNumber();
  f.channel = a.text()!;
  f.applicantType = a.text()!;
  f.agentId = r.string();
  f.investment = r.json();
  f.status = r.string() as CaseStatus;
  f.submittedAt = r.number();
  f.correctionsBeforeAcceptance = r.number();
  f.rejectedAt = r.number();
  f.withdrawnAt = r.number();
  f.acceptedAt = r.number();
  f.acceptedBy = a.holder();
  f.kind = r.string() as CaseFacts['kind'];
  f.limits = a.limits();
  f.clock = readClock(r, a);
  f.holder = a.holder();
  f.escalated = r.boolean();
  f.joint = r.json() ?? f.joint;
  f.decision = r.string() as CaseFacts['decision'];
  f.decidedAt = r.number();
  f.approvedAmount = r.json();
  f.completedAt = r.number();
  f.result = r.string() as CaseFacts['result'];
  f.deliveredAt = r.number();
  f.noShowAt = r.number();
  f.visits = r.number();
  f.evaluations = readEvaluations(r, a) ?? f.evaluations;
  f.followUps = r.json() ?? f.followUps;
  f.correctionsRecorded = r.number();
  f.lateEntries = r.json() ?? f.lateEntries;
  f.position = r.number();
  return f;
};

/** Case facts read back from a tape: records ready to join. */
export interface UnpackedCaseFacts {
  cases: CaseFacts[];
  consultations: ConsultationFacts[];
  complaints: ComplaintFacts[];
  position: number;
}

/** The tape's records, holding `state`'s single copies of strings, holders and limits (its intern tables gain what they lack). */
export const unpackCaseFacts = (tape: Tape, state: CaseFactsState): UnpackedCaseFacts => {
  const r = readTape(tape);
  const a = adopters(r, state);
  const cases: CaseFacts[] = [];
  for (let k = r.number(); k > 0; k--) cases.push(readCase(r, a));
  const consultations: ConsultationFacts[] = [];
  for (let k = r.number(); k > 0; k--) consultations.push({ hallId: a.text()!, windowId: a.text(), itemCode: a.text(), atMs: r.number() });
  const complaints: ComplaintFacts[] = [];
  for (let k = r.number(); k > 0; k--) {
    complaints.push({
      complaintId: r.string()!, hallId: r.string()!, caseId: r.string(), subject: r.json()!,
      filedAt: r.number(), answerDueAt: r.number(), answeredAt: r.number(),
    });
  }
  return { cases, consultations, complaints, position: r.number() };
};
