import { createTapeWriter, keysAfter, readTape, type Tape, type TapeReader, type TapeWriter } from '../runner/tape';
import { evaluationRecord, NOT_HANDLED, type CaseHome, type ComplaintRecord, type EvaluationRecord, type FollowUpRecord, type SatisfactionState } from './fold';

/**
 * A later range's satisfaction on a tape (see runner/tape.ts), in the order its join takes it in:
 * the homeless evaluations and follow-ups, the evaluations, the follow-ups, the case homes, the
 * complaints.
 */
/** The keys of a record up to and including `handled` (see `evaluationRecord`); appeal and bad-review handling add theirs after. */
const builtKeys = (record: EvaluationRecord): number => Object.keys(record).indexOf('handled') + 1;

const writeEvaluation = (w: TapeWriter, e: EvaluationRecord): void => {
  w.id(e.evaluationId);
  w.id(e.caseId);
  w.boolean('hallId' in e);
  w.string(e.hallId);
  w.string(e.windowId);
  w.string(e.staffId);
  w.string(e.departmentId);
  w.number(e.level);
  w.string(e.channel);
  w.string(e.round);
  w.boolean(e.realName);
  w.number(e.submittedAt);
  w.json(Object.keys(e.handled).length === 0 ? undefined : e.handled);
  w.json(keysAfter(e, builtKeys(e)));
};

/** The record `evaluationRecord` builds from the evaluation's own window and staff and its home's hall and department. */
const readEvaluation = (r: TapeReader): EvaluationRecord => {
  const evaluationId = r.string()!;
  const caseId = r.string()!;
  const hasHome = r.boolean();
  const hallId = r.string()!;
  const windowId = r.string();
  const staffId = r.string();
  const departmentId = r.string();
  const d = { evaluationId, caseId, windowId, staffId, level: r.number() as EvaluationRecord['level'], channel: r.string() as EvaluationRecord['channel'], round: r.string() as EvaluationRecord['round'], realName: r.boolean() };
  const record = evaluationRecord(d, hasHome ? { hallId, departmentId } : undefined, r.number(), r.json() ?? NOT_HANDLED);
  const later = r.json<object>();
  if (later !== undefined) Object.assign(record, later);
  return record;
};

export const packSatisfaction = (s: SatisfactionState, homelessEvaluations: ReadonlySet<string>, homelessFollowUps: readonly number[]): Tape => {
  const w = createTapeWriter();
  w.json([...homelessEvaluations]);
  w.json(homelessFollowUps);
  w.number(s.evaluations.size);
  for (const e of s.evaluations.values()) writeEvaluation(w, e);
  w.json(s.followUps);
  w.number(s.cases.size);
  for (const [caseId, home] of s.cases) {
    w.id(caseId);
    // a submitted case's home names its hall; an accepted one's all four (see applySatisfaction)
    const accepted = 'windowId' in home;
    w.boolean(accepted);
    w.string(home.hallId);
    if (accepted) {
      w.string(home.windowId);
      w.string(home.staffId);
      w.string(home.departmentId);
    }
  }
  w.json([...s.complaints.values()]);
  return w.done();
};

/** Satisfaction read back from a tape, in the order its join takes it in. */
export interface UnpackedSatisfaction {
  homelessEvaluations: Set<string>;
  homelessFollowUps: number[];
  evaluations: EvaluationRecord[];
  followUps: FollowUpRecord[];
  caseIds: string[];
  homes: CaseHome[];
  complaints: ComplaintRecord[];
}

export const unpackSatisfaction = (tape: Tape): UnpackedSatisfaction => {
  const r = readTape(tape);
  const homelessEvaluations = new Set(r.json<string[]>());
  const homelessFollowUps = r.json<number[]>()!;
  const evaluations: EvaluationRecord[] = [];
  for (let k = r.number(); k > 0; k--) evaluations.push(readEvaluation(r));
  const followUps = r.json<FollowUpRecord[]>()!;
  const caseIds: string[] = [];
  const homes: CaseHome[] = [];
  for (let k = r.number(); k > 0; k--) {
    caseIds.push(r.string()!);
    homes.push(r.boolean() ? { hallId: r.string()!, windowId: r.string(), staffId: r.string(), departmentId: r.string() } : { hallId: r.string()! });
  }
  return { homelessEvaluations, homelessFollowUps, evaluations, followUps, caseIds, homes, complaints: r.json()! };
};
