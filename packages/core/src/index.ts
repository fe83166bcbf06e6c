/**
 * @banjian/core: the public API, named one by one. Events and commands (io-ts codecs), deciders,
 * integrity (hash chains, Merkle checkpoints, verification), the store port and the in-memory
 * store, NDJSON interchange, calendars and clocks, the authorization policy, the directory, the
 * case, complaint and consultation deciders, the command engine, the personal-data vault. The
 * test kit is `@banjian/core/testkit`. `startModuleWorker` and `moduleUrl` are for banjian's own
 * packages (worker threads that load a module by URL).
 * A new public export is added here by name (what a hall developer or auditor uses, not helpers).
 * @packageDocumentation
 */
export {
  Actor, ActorKind, AlertLevelCodec, type AnyDomainEvent, BadReviewComplexity, CalendarDayData,
  calendarEventData, calendarStream, caseEventData, type CaseEventType, caseEventTypes, CaseKind, caseStream,
  catalogEventData, catalogStream, Channel, closed, ComplaintChannel, complaintEventData, complaintStream,
  CompletionResult, consultationEventData, consultationStream, CURRENT_SCHEMA_VERSION, decodeEnvelope,
  type DecodeError, decodeEventData, decodeWith, type DomainEvent, ENVELOPE_FIELDS, EnvelopeCodec,
  EvaluationChannel, EvaluationLevel, eventDataCodecs, type EventDataOf, type EventToAppend, type EventType,
  eventTypes, HallLevel, hallStream, Holder, Instant, isEventType, isValidEnvelope, Limit, Limits, LimitUnit,
  LocalDate, type Metadata, Money, NonEmptyString, NonNegativeInteger, OfficeHours, orgEventData,
  parseStreamId, PositiveNumber, registerUpcaster, StaffRole, type StoredEvent, type StoredEventOf,
  streamCategories, type StreamCategory, streamId, SuspensionProcedure, Text, textFault, upcast,
  type Upcaster, WindowKind,
} from './events/index';
export {
  type Command, type CommandMetadata, type Decider, type RecordedEvent,
} from './decider/index';
export {
  canonicalJson, chainAlgorithmOf, chainHash, type Checkpoint, CheckpointCodec, type CheckpointDestination,
  type CheckpointFileError, checkpointMessage, type CheckpointSigner, type CheckpointSignerOptions,
  checkpointsRemovedFromStore, type CheckpointStore, type CheckpointVerdict, consistencyProof,
  createCheckpointSigner, createInMemoryCheckpointStore, createMerkleHasher, createMerkleSpan,
  createMerkleTree, type Damage, damageAt, type DamageKind, type DamageKinds, decodeCheckpoint,
  DEFAULT_HASH_ALGORITHM, DEFAULT_MAX_DAMAGES, describeDamage, digest, emptyTreeHash, GENESIS_HASH,
  hasDenseGlobalPositions, type HashAlgorithm, hashedText, inclusionProof, InvalidCheckpointError, keyIdOf,
  loadPrivateKey, loadPublicKey, type MerkleHasher, MerkleProofError, merkleRoot, type MerkleSpan,
  type MerkleSubtree, type MerkleTree, type MerkleTreeState, NOWHERE, parseCheckpoints, PUBLIC_KEY_ENV,
  publicKeyFromEnv, publishCheckpoint, PublishCheckpointError, type PublishCheckpointOptions, rawLogOf,
  type RecordPlace, requireCheckpoint, sealEnvelope, SIGNING_KEY_ENV, SigningKeyError, signingKeyFromEnv,
  splitPoint, type TreeHead, verifyCheckpoint, verifyConsistency, verifyInclusion, verifyLog,
  type VerifyOptions, VerifyOptionsError, type VerifyResult, withDamages,
} from './integrity/index';
export {
  actualVersion, type AppendOptions, type AppendResult, type BatchAppend, ConcurrencyError,
  createCatchUpWaiters, createInMemoryEventStore, DEFAULT_MAX_RETRY_DELAY_MS, type EventRangeLocation,
  type EventRangeReader, type EventRangeSource, type EventStore, type ExpectedVersion, hasEventRanges,
  hasInlineProjections, hasRawEvents, hasRawRanges, type InlineProjection, type InlineProjectionHost, isSqlArray,
  type InMemoryEventStore, type InMemoryEventStoreOptions, InvalidEventError, matchesExpected, namesReader,
  type OpenEventRangeReader, type PollingSource, pollingSubscription, type RawEventRecord,
  type RawEventSource, type RawRangeLocation, type RawRangeReader, type RawRangeSource, type ReadAllOptions,
  type ReaderLocation, type ReadStreamOptions, retryDelay, sealBatch, type SealContext, type SealedBatch,
  type SqlArray, sqlArray, type SqlDatabase, type SqlQuery, StoreClosedError, StoreUnavailableError, type StreamAppendItem,
  type StreamHead, type SubscribeOptions, type Subscription, type SubscriptionRetry, SubscriptionStoppedError,
  supportsBatchAppend,
} from './store/index';
export {
  DEFAULT_MAX_LINE_BYTES, EventLogFileError, exportEventLog, type FileEventStore, importEventLog,
  type ImportOptions, type ImportResult, interchangeError, type InterchangeError, lineOfRecord,
  LineTooLongError, openFileStore, type ParsedEvent, type ParsedLog, parseEventLog, type ParseOptions,
  rawRecordsOfLines, readLines, type ReadLinesOptions, ReadOnlyStoreError, type StreamStart,
  UnreadableLineError,
} from './interchange/index';
export {
  baseCalendar, type CalendarBook, type CalendarInput, type CalendarOverlay, calendarOverlayOrThrow,
  chinaCalendar, createCalendar, createCalendarBook, type DayInfo, decodeCalendarOverlay, type Decoded,
  decodeHolidayYear, epochDayOf, type HolidayDataError, type HolidayDay, type HolidayYear, holidayYearOrThrow,
  InvalidHolidayData, isoWeekday, latestCalendar, localDateOf, type OverlayProvenance, publishCalendar,
  publishedCalendar, type PublishedCalendar, resolveCalendar, SHIPPED_CHINA_YEARS, type WorkCalendar,
  type YearProvenance,
} from './calendar/index';
export {
  ALERT_LEVELS, type AlertLadder, type AlertLevel, alertState, type AlertState, caseClockAt, caseClockFactsAfter, type ClockFactsAfter,
  type CaseClockFields, type CaseClockInput, type CaseClockState, caseClockState, type CaseClockView, caseDeadline, type CaseDeadline,
  type ClockBase, type ClockEvent, type ClockExtension, type ClockHandover, type ClockSegment, clockSegments, type ClockSpan,
  type ClockSharing, type ClockSuspension, type ClockViewOptions, CORRECTION_RESTART_REASON, createWorkClock,
  DEFAULT_ALERT_LADDER, DEFAULT_OFFICE_HOURS, DEFAULT_ZONE, type DueTime, dueTimesAt, effectiveDueAt,
  elapsedOfficeSeconds, foldCaseClock, ladderAt, type LimitKind, type LimitStanding, parseInstant,
  parseOfficeHours, type RecordedDueTimes, segmentElapsed, suspendedOfficeSeconds, type WorkClock, type WorkClockOptions,
} from './clock/index';
export {
  actorClaimRefusal, allow, type AuthorizationDecision, type AuthorizationPolicy, type AuthorizationRequest,
  type AuthorizationSubject, authorize, commandCodec, commandDecoder, CommandMetadataCodec, type CommandsOf,
  type Decision, decline, defaultAuthorizationPolicy, domainError, type DomainError, type DomainErrorKind,
  emit, type ErrorScope, type EventUnion, guardedDecide, type GuardedDecideOptions, refuse,
} from './auth/index';
export {
  type CalendarCommand, calendarCommandCodecs, type CalendarDeciderContext, type CalendarEvent,
  type CalendarStreamState, type CatalogCommand, catalogCommandCodecs, type CatalogCommandType,
  type CatalogDeciderContext, type CatalogEvent, type CatalogItemState, type CatalogState, type ClockFor,
  type ClockResolverOptions, createCalendarDecider, createCatalogDecider, createClockResolver,
  createDirectory, createHallDecider, currentItemStatus, decodeCalendarCommand, decodeCatalogCommand,
  decodeHallCommand, type DepartmentInfo, type DeviceInfo, type Directory, HALL_LEVEL_RANK, type HallCommand,
  hallCommandCodecs, type HallCommandType, type HallDeciderContext, type HallEvent, type HallInfo,
  type HallState, type ItemInfo, type ItemStatus, type ItemStatusChange, itemStatusOn, type ItemVersion,
  itemVersionOn, latestItemVersion, promisedWithinStatutory, type RegisterHallData, type StaffInfo,
  type WindowInfo,
} from './org/index';
export {
  acceptanceDepartment, type AnyCommand, type AnyCommandHandler, type AnyCommandType, BAD_REVIEW_ALERT_PREFIX, BAD_REVIEW_MAX_LEVEL,
  badReviewDeadlines, type BadReviewDeadlines, type BadReviewHandling, type BadReviewProgress,
  badReviewProgressOf, type CaseCommand, caseCommandCodecs, type CaseCommandOf, type CaseCommandType,
  caseCommandTypes, type CaseContext, caseDeclaredTimes, type CaseEvent, type CaseState, type CaseStatus,
  caseSubject, commandCodecs, commandStreamId, complaintAnswerDue, type ComplaintCommand,
  complaintCommandCodecs, type ComplaintContext, type ComplaintEvent, type ComplaintState, COMPLETED,
  type ConsultationCommand, consultationCommandCodecs, type ConsultationContext, type ConsultationEvent,
  type ConsultationState, CORRECTION_NOTICE_LIMIT, createCaseDecider,
  createCaseEvolve, createCommandHandlers, createComplaintDecider, createConsultationDecider,
  decodeCaseCommand, decodeCommand, decodeComplaintCommand, decodeConsultationCommand, DEFAULT_HALL_POLICY,
  dueTimesFrom, type EvaluationHandlingPolicy, type EvaluationState, type ExtensionRecord, type HallPolicy,
  HANDLING, initialCaseState, type JointReviewState, type LateEntryCommand, OPEN, OPEN_ACCEPTED,
  type OpenAlert, record, recordedDueTimes, recordLateEntry, rectifyWorkingDays, requireStatus,
  resolveCaseContext, type ResolvedCaseContext, type StepDeadline,
} from './case/index';
export {
  type BusinessTimeCheck, type BusinessTimeError, businessTimeRefusal, type BusinessTimeRule,
  type CommandEngine, type CommandEngineOptions, type CommandHandler, createCommandEngine, type DeclaredTime,
  type DeclaredTimes, type DecodingCommandHandler, DEFAULT_MAX_SKEW_MS, type EngineConcurrencyError,
  type EngineError, type Handled, type HandleResult, type LoadedState, type StateFolder,
} from './engine/index';
export {
  moduleUrl, startModuleWorker,
} from './worker/index';
export {
  type AccessAction, type AccessDraft, type AccessEntry, type AccessLogVerdict, type AccessOutcome,
  algorithmAvailable, chainAccess, createInMemoryVaultBackend, createLocalMasterKeys, createVault,
  type ErasureReason, isVaultError, type LocalMasterKeysOptions, type MasterKeyProvider, parseMasterKeyFile,
  type PersonalData, type PersonalDataStatus, type PersonalDataVault, retentionEnd, retentionOf,
  type RetentionPeriod, type RetentionRules, type VaultAccess, type VaultAlgorithm, type VaultBackend,
  vaultError, type VaultError, type VaultErrorKind, VaultFailure, type VaultOptions, type VaultRecord,
  verifyAccessLog,
} from './vault/index';
