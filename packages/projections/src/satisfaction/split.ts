import { moduleUrl, type StoredEvent } from '@banjian/core';
import type { ProjectionSplit } from '../runner/projection';
import type { Tape } from '../runner/tape';
import { applySatisfaction, createSatisfactionState, evaluationRecord, followUpRecord, type CaseHome, type EvaluationRecord, type SatisfactionState } from './fold';
import { packSatisfaction, unpackSatisfaction, type UnpackedSatisfaction } from './packed';

/**
 * A later range's satisfaction: homes, complaints and new evaluations fold from scratch (each is
 * set whole); an evaluation or follow-up of a case the range has not seen is folded without a
 * home and attributed at the join, from the home the case had before the range (the one a
 * one-thread fold would have read). Handling of an evaluation or complaint from before the range
 * is refused: it changes a record only the earlier range holds.
 */
export interface SatisfactionPart {
  state: SatisfactionState;
  homelessEvaluations: Set<string>;
  homelessFollowUps: number[];
}

const applyPart = (part: SatisfactionPart, event: StoredEvent): boolean => {
  const { state } = part;
  switch (event.type) {
    case 'EvaluationSubmitted':
      if (state.cases.has(event.data.caseId)) part.homelessEvaluations.delete(event.data.evaluationId);
      else part.homelessEvaluations.add(event.data.evaluationId);
      break;
    case 'FollowUpRecorded':
      if (!state.cases.has(event.data.caseId)) part.homelessFollowUps.push(state.followUps.length);
      break;
    case 'EvaluationAppealed':
    case 'EvaluationAppealDecided':
    case 'BadReviewTriaged':
    case 'BadReviewReplied':
    case 'BadReviewRectified':
    case 'BadReviewCalledBack':
      if (!state.evaluations.has(event.data.evaluationId)) return false;
      break;
    case 'ComplaintAnswered':
      if (!state.complaints.has(event.data.complaintId)) return false;
      break;
    default:
      break;
  }
  applySatisfaction(state, event);
  return true;
};

/** A homeless evaluation attributed to its case's home: the keys it was built with, then those its handling added, in order. */
const attributed = (record: EvaluationRecord, home: CaseHome | undefined): EvaluationRecord => {
  if (home === undefined) return record;
  const out = evaluationRecord(record, home, record.submittedAt, record.handled) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) if (!(key in out)) out[key] = value;
  return out as unknown as EvaluationRecord;
};

const join = (state: SatisfactionState, part: UnpackedSatisfaction, refused: readonly StoredEvent[]): SatisfactionState => {
  for (const event of refused) applySatisfaction(state, event);
  // attribution reads the homes as the earlier range left them: before the part's homes join
  const homeless = part.homelessEvaluations;
  for (const record of part.evaluations) {
    state.evaluations.set(record.evaluationId, homeless.has(record.evaluationId) ? attributed(record, state.cases.get(record.caseId)) : record);
  }
  const followUps = part.followUps;
  for (const i of part.homelessFollowUps) {
    const f = followUps[i]!;
    followUps[i] = followUpRecord(f.caseId, f.method, f.at, state.cases.get(f.caseId), f.satisfied);
  }
  for (const f of followUps) state.followUps.push(f);
  part.caseIds.forEach((caseId, k) => state.cases.set(caseId, part.homes[k]!));
  for (const complaint of part.complaints) state.complaints.set(complaint.complaintId, complaint);
  return state;
};

export const satisfactionSplit: ProjectionSplit<SatisfactionState, SatisfactionPart, Tape, UnpackedSatisfaction> = {
  module: moduleUrl(new URL('./projection.ts', import.meta.url)),
  exportName: 'satisfactionProjection',
  part: () => ({ state: createSatisfactionState(), homelessEvaluations: new Set(), homelessFollowUps: [] }),
  applyPart,
  pack: ({ state, homelessEvaluations, homelessFollowUps }) => packSatisfaction(state, homelessEvaluations, homelessFollowUps),
  unpack: unpackSatisfaction,
  join,
};
