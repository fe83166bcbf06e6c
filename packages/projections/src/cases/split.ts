import { moduleUrl, type StoredEvent } from '@banjian/core';
import type { ProjectionSplit } from '../runner/projection';
import type { Tape } from '../runner/tape';
import { createCaseFactsState, type CaseFactsState } from './facts';
import { applyCaseFactsEvent, isCaseStream } from './fold';
import { packCaseFacts, unpackCaseFacts, type UnpackedCaseFacts } from './packed';

/**
 * A later range's case facts: the cases it sees submitted, its consultations and its complaints
 * (each filed whole) fold from scratch. Events of a case met mid-stream, an answer to a complaint
 * from before the range, and hall context events (which build on the context before the range)
 * are refused; once a case is refused, all its later events are too. The joined records share
 * this state's interned copies (taken when unpacked); the intern tables themselves may differ
 * from a one-thread fold's (a cache of single copies, not facts: no figure reads them).
 */
export interface CaseFactsPart {
  state: CaseFactsState;
  refusedCases: Set<string>;
}

const applyPart = (part: CaseFactsPart, event: StoredEvent): boolean => {
  const { state } = part;
  switch (event.type) {
    case 'ConsultationRecorded':
    case 'ComplaintFiled':
      break;
    case 'ComplaintAnswered':
      if (!state.complaints.has(event.data.complaintId)) return false;
      break;
    case 'ApplicationSubmitted':
      if (part.refusedCases.has(event.data.caseId)) return false;
      break;
    default: {
      if (!isCaseStream(event.streamId)) return false;
      const caseId = (event.data as { caseId: string }).caseId;
      if (!state.cases.has(caseId)) {
        part.refusedCases.add(caseId);
        return false;
      }
    }
  }
  applyCaseFactsEvent(state, event);
  return true;
};

/** The case a refused event folds into; undefined for those that fold into no case (context, complaint answers). */
const refusedCaseOf = (event: StoredEvent): string | undefined =>
  event.type === 'ApplicationSubmitted' || (event.type !== 'ComplaintAnswered' && isCaseStream(event.streamId))
    ? (event.data as { caseId: string }).caseId
    : undefined;

const join = (state: CaseFactsState, part: UnpackedCaseFacts, refused: readonly StoredEvent[]): CaseFactsState | undefined => {
  // Exact only if the part's cases begin in its range and the refused events continue cases of
  // the earlier range: otherwise a case would land out of order in the Map, or begin twice.
  for (const facts of part.cases) if (state.cases.has(facts.caseId)) return undefined;
  for (const event of refused) {
    const caseId = refusedCaseOf(event);
    if (caseId !== undefined && !state.cases.has(caseId)) return undefined;
  }
  for (const event of refused) applyCaseFactsEvent(state, event);
  for (const facts of part.cases) state.cases.set(facts.caseId, facts);
  for (const c of part.consultations) state.consultations.push(c);
  for (const c of part.complaints) state.complaints.set(c.complaintId, c);
  if (part.position > state.position) state.position = part.position;
  return state;
};

export const caseFactsSplit: ProjectionSplit<CaseFactsState, CaseFactsPart, Tape, UnpackedCaseFacts> = {
  module: moduleUrl(new URL('./projection.ts', import.meta.url)),
  exportName: 'caseFactsProjection',
  part: () => ({ state: createCaseFactsState(), refusedCases: new Set() }),
  applyPart,
  pack: ({ state }) => packCaseFacts(state),
  unpack: unpackCaseFacts,
  join,
};
