import type { Projection } from '../runner/projection';
import { createCaseFactsState, type CaseFactsState } from './facts';
import { applyCaseFactsEvent } from './fold';
import { caseFactsSplit } from './split';

/** Every event type the per-case facts read (alerts and steps are other projections'). */
export const CASE_FACTS_EVENT_TYPES = [
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'StaffRegistered',
  'ServiceItemDefined', 'ServiceItemRevised', 'ServiceItemSuspended', 'ServiceItemRepealed', 'ServiceItemReinstated',
  'CalendarPublished', 'ConsultationRecorded', 'ComplaintFiled', 'ComplaintAnswered',
  'ApplicationSubmitted', 'CorrectionRequested', 'CorrectionSupplied', 'CaseAccepted', 'CaseRejected', 'CaseWithdrawn',
  'CaseTransferred', 'JointReviewRequested', 'JointOpinionReturned', 'DeemedConsentApplied', 'CaseEscalated',
  'ClockSuspended', 'ClockResumed', 'TimeLimitExtended', 'DecisionMade', 'CaseCompleted', 'ResultDelivered',
  'ApplicantNoShow', 'VisitRecorded', 'EvaluationSubmitted', 'BadReviewTriaged', 'BadReviewRectified',
  'EvaluationAppealDecided', 'FollowUpRecorded', 'DeadlineRecomputed', 'CorrectionRecorded',
  'LateEntryRecorded', 'BadReviewReplied', 'BadReviewCalledBack',
] as const;

/** The per-case facts projection 办件事实: one mutable record per case plus the hall context. */
export const caseFactsProjection: Projection<CaseFactsState> = {
  name: 'caseFacts',
  version: 1,
  eventTypes: CASE_FACTS_EVENT_TYPES,
  init: createCaseFactsState,
  apply: applyCaseFactsEvent,
  split: caseFactsSplit,
};
