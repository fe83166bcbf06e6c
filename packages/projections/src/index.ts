/**
 * @banjian/projections: what halls and auditors read from the log. The public API, named one by
 * one: the projection runner (catch-up, live, rebuild, as-of), case facts and their clock, audit
 * trails, satisfaction, summaries, the deadline watch and alert scheduler, leagues, figures and
 * their definition registry, reports, anomaly findings, the case read model. Golden scenarios
 * (reference halls for tests and benchmarks) are `@banjian/projections/golden`.
 * A new public export is added here by name (what a hall developer or auditor uses, not helpers).
 * @packageDocumentation
 */
export {
  asOf, type AsOfBound, createInMemoryCheckpointStore, createProjectionRunner, type EventSource,
  type PagedEventReader, type ParallelOptions, type Projection, type ProjectionCheckpoint,
  type ProjectionCheckpointStore, type ProjectionResult, type ProjectionRunner, type ProjectionRunnerOptions,
  type ProjectionSplit, rebuild, type RebuildOptions,
} from './runner/index';
export {
  type CalendarBook, CASE_FACTS_EVENT_TYPES, caseClock, caseClockView, type CaseFacts, caseFactsProjection,
  type CaseFactsState, type CaseStatus, clockOf, type ClockPolicy, type ComplaintFacts, completedOnTime,
  type ConsultationFacts, createCalendarBook, createHallContext, DEFAULT_CLOCK_POLICY, elapsedOfficeMs,
  type EvaluationFacts, type HallContext, type HallFacts, type HolderFacts, itemActiveOn, type ItemFacts,
  type ItemVersionFacts, itemVersionOn, type JointFacts, type LateEntryFacts, latestCalendar, type LimitKind,
  publishCalendar, resolveCalendar, scopedKey,
} from './cases/index';
export {
  type CaseTrail, describeChange, type EventLabel, eventLabels, formatLimit, formatTrail, labelOf,
  procedureNames, streamPrefix, type TrailEntry, trailEntryOf, trailOf, type TrailOptions,
} from './trail/index';
export {
  type AppealOutcome, BAD_REVIEW_STAGES, type BadReviewStage, type ComplaintRecord, countsInRates,
  DEFAULT_EVALUATION_POLICY, type EvaluationPolicy, type EvaluationRecord, excludedByAppeal,
  type FollowUpRecord, isBadReview, isSatisfied, type Level, type LevelDistribution, type MonthTally,
  satisfactionDetail, type SatisfactionDetail, satisfactionProjection, type SatisfactionQuery,
  type SatisfactionState, stageDueAt, type StageTally,
} from './satisfaction/index';
export {
  type CaseSummary, caseSummaryAt, isOpenAt, type SummaryClock, type SummaryOptions, type SummaryState,
} from './summary/index';
export {
  type AlertChange, alertIdOf, type AlertScheduler, type AlertSchedulerOptions, clearCommandId,
  createAlertScheduler, type DeadlineRecomputeOptions, type DeadlineRecomputePass, deadlineWatch,
  type DeadlineWatch, DEFAULT_ALERT_RULE, type LevelCounts, type OpenAlert, openAlertsProjection,
  type OpenAlertsState, raiseCommandId, recomputeOpenDeadlines, SCHEDULED_ALERT_RULES, type SchedulerPass,
  STATUTORY_ALERT_RULE, WATCH_LEVELS, type WatchedCase, type WatchGroup, type WatchLevel, type WatchQuery,
} from './watch/index';
export {
  league, type League, type LeagueDimension, type LeagueQuery, type LeagueRow, monthPeriod,
} from './league/index';
export {
  catalogueFigures, checkPeriod, computeFigures, computeYearOverYear, DEFAULT_FIGURE_OPTIONS, definitionRef,
  type Dimension, DIMENSIONS, type Figure, FIGURE_DEFINITIONS, FIGURE_IDS, type FigureDefinition,
  type FigureGroup, type FigureId, type FigureKind, type FigureOptions, type FigureOptionsInput,
  type FigureQuery, type FigureResult, type FigureSet, type Granularity, monthsIn, percentFigure, type Period,
  periodRange, ratio, type Ratio, renderFigureDefinitionsMarkdown, splitPeriod, type Stage, yearEarlier,
} from './figures/index';
export {
  buildReport, renderReportText, type Report, type ReportBy, type ReportFigure, reportFromFacts,
  type ReportGroup, type ReportOptions,
} from './report/index';
export {
  AUDIT_DEFINITIONS, AUDIT_DOCS_BEGIN, AUDIT_DOCS_END, auditCsv, type AuditDefinition, type AuditDefinitionId,
  auditFromState, type AuditOptions, AuditOptionsError, auditProjection, type AuditReport, type AuditState,
  type AuditThresholdError, type AuditThresholds, buildAudit, type CaseTrace, DEFAULT_AUDIT_THRESHOLDS,
  type DepartmentAudit, type EvaluationTrace, type Finding, type FindingKind, isAuditOptionsError,
  isAuditThresholdError, renderAuditDefinitionsMarkdown, renderAuditText, resolveThresholds, type Severity,
  type StaffLateEntries, THRESHOLD_KEYS,
} from './audit/index';
export {
  CASE_INDEX_COLUMNS, CASE_INDEX_NAME, CASE_INDEX_VERSION, type CaseIndex, type CaseIndexOptions,
  caseIndexRow, type CaseIndexRow, caseIndexRowFrom, caseIndexTable, caseIndexValues, checkpointTable,
  createCaseIndex, createCaseIndexSchema, createCaseQueries, createLease, type Lease, type LeaseHolder,
  leaseHolders, leaseTable, type Page, type PageRequest, type QueueOwner, readCheckpoint,
  ReadModelConflictError, ReadModelNotReadyError, readModelStatus, type ReadModelStatus,
  activateIfCaughtUp, type BatchHooks, caseIndexModel, createPartitionRunner, createProjectionWorker, DEFAULT_PG_PARTITIONS,
  liveWorkers, partitionCheckpoints, type PartitionCheckpoint, type PartitionedReadModel, type PartitionFold,
  partitionLeaseName, partitionOfKey, type PartitionRunner, partitionTable, preparePartitions, type ProjectionWorker,
  type ProjectionWorkerOptions, readPartitionCheckpoints, movePartitionCheckpoints, stableHash, workerLeaseName,
} from './readmodel/index';
export {
  createFigureFactsFold, createFigureQueries, createFigureReaderIndexes, FIGURE_FACTS_NAME, FIGURE_FACTS_VERSION, type FigureFactRow, type FigureFactsBatch,
  figureFactsReadModel, figureFactsServe, type FigureFactsSource, figureFactsTable, FigureFactsUnsupportedError, type FigureQueries, figureReaderIndexed,
} from './readmodel/index';
export {
  checkReadModels, describeDifference, type ReadModelCheck, type ReadModelCheckOptions, type ReadModelCheckResult, type ReadModelDifference,
  type ReadModelDifferenceKind,
} from './readmodel/index';
