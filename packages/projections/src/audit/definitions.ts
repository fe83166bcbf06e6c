/**
 * What an anomaly finding 异常办件 is: one definition per rule, named `id@version` on every
 * finding (a changed rule is a new version, never an edit of an old one), with the thresholds it
 * reads. Thresholds are configurable per run (`banjian audit --threshold key=value`); the defaults
 * below are the ones documented in docs/audit.md.
 */
export type FindingKind = 'backdated' | 'offSystem' | 'resubmission' | 'clockStop' | 'evaluationPadding' | 'badReviewRemoval';

export type Severity = 'high' | 'medium' | 'low';

export interface AuditDefinition {
  /** `id@version`, e.g. `backdated@1`. */
  readonly definition: string;
  readonly kind: FindingKind;
  readonly zh: string;
  readonly en: string;
  /** The rule in words, with the thresholds by name. */
  readonly rule: string;
  /** The thresholds the rule reads (keys of `AuditThresholds`). */
  readonly thresholds: readonly (keyof AuditThresholds)[];
  /** What to look at to check one finding by hand. */
  readonly check: string;
}

/** Every configurable threshold, by its `--threshold` key. */
export interface AuditThresholds {
  /** 倒签/补录: recorded this many minutes or more after the business time (allowed skew). @defaultValue 15 */
  'backdated.skewMinutes': number;
  /** 倒签/补录 is severe from this many hours of lag. @defaultValue 24 */
  'backdated.highHours': number;
  /** 体外循环: submission, acceptance and completion all recorded within this many minutes. @defaultValue 30 */
  'offSystem.spanMinutes': number;
  /** 体外循环: … and recorded this many hours or more after the declared submission. @defaultValue 24 */
  'offSystem.lagHours': number;
  /** 体外循环: a non-immediate case completed with less office time than this after acceptance. @defaultValue 5 */
  'noWorkingTime.minutes': number;
  /** 撤回重报: ended with at most this many office hours of its promised limit left (or after it). @defaultValue 14 */
  'resubmission.lastOfficeHours': number;
  /** 撤回重报: resubmitted within this many working days of the end. @defaultValue 5 */
  'resubmission.withinWorkingDays': number;
  /** A suspension 挂起 or extension 延期 started with at most this many office hours left (or after the due time). @defaultValue 4 */
  'lateStop.lastOfficeHours': number;
  /** Repeated suspensions: this many or more on one case. @defaultValue 3 */
  'repeatedSuspension.count': number;
  /** A department's suspended office time over its cases' elapsed + suspended office time above this. @defaultValue 0.3 */
  'suspendedShare.max': number;
  /** … over at least this many accepted cases. @defaultValue 10 */
  'suspendedShare.minCases': number;
  /** 刷好评: the sliding window, minutes. @defaultValue 10 */
  'burst.windowMinutes': number;
  /** Satisfied evaluations from one applicant ref in the window. @defaultValue 3 */
  'burst.applicant': number;
  /** Satisfied evaluations from one device 评价器 in the window. @defaultValue 4 */
  'burst.device': number;
  /** Satisfied evaluations through one channel at one window in the window. @defaultValue 6 */
  'burst.channel': number;
  /** 删差评: a department's bad reviews excluded on appeal above this share … @defaultValue 0.5 */
  'excludedShare.max': number;
  /** … over at least this many bad reviews. @defaultValue 4 */
  'excludedShare.minBadReviews': number;
}

export const DEFAULT_AUDIT_THRESHOLDS: Readonly<AuditThresholds> = Object.freeze({
  'backdated.skewMinutes': 15,
  'backdated.highHours': 24,
  'offSystem.spanMinutes': 30,
  'offSystem.lagHours': 24,
  'noWorkingTime.minutes': 5,
  'resubmission.lastOfficeHours': 14,
  'resubmission.withinWorkingDays': 5,
  'lateStop.lastOfficeHours': 4,
  'repeatedSuspension.count': 3,
  'suspendedShare.max': 0.3,
  'suspendedShare.minCases': 10,
  'burst.windowMinutes': 10,
  'burst.applicant': 3,
  'burst.device': 4,
  'burst.channel': 6,
  'excludedShare.max': 0.5,
  'excludedShare.minBadReviews': 4,
});

export const THRESHOLD_KEYS = Object.keys(DEFAULT_AUDIT_THRESHOLDS) as (keyof AuditThresholds)[];

/** Shares must lie in [0, 1]; counts are whole numbers ≥ 1; durations ≥ 0. */
const SHARES: ReadonlySet<string> = new Set(['suspendedShare.max', 'excludedShare.max']);
const COUNTS: ReadonlySet<string> = new Set([
  'repeatedSuspension.count', 'suspendedShare.minCases', 'burst.applicant', 'burst.device', 'burst.channel', 'excludedShare.minBadReviews',
]);

/** A threshold that is not one of ours, or a value outside its range. */
export interface AuditThresholdError {
  readonly kind: 'auditThreshold';
  readonly key: string;
  readonly message: string;
}

/** The thresholds of a run: the defaults, with the given ones checked and put over them. */
export const resolveThresholds = (given: Partial<Record<string, number>> = {}): AuditThresholds | AuditThresholdError => {
  const out = { ...DEFAULT_AUDIT_THRESHOLDS } as AuditThresholds;
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_AUDIT_THRESHOLDS)) return { kind: 'auditThreshold', key, message: `unknown threshold ${JSON.stringify(key)} (known: ${THRESHOLD_KEYS.join(', ')})` };
    const bad = (why: string): AuditThresholdError => ({ kind: 'auditThreshold', key, message: `threshold ${key}=${value}: ${why}` });
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return bad('must be a number ≥ 0');
    if (SHARES.has(key) && value > 1) return bad('is a share, between 0 and 1');
    if (COUNTS.has(key) && (!Number.isInteger(value) || value < 1)) return bad('is a count, a whole number ≥ 1');
    out[key as keyof AuditThresholds] = value;
  }
  return out;
};

export const isAuditThresholdError = (x: unknown): x is AuditThresholdError =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'auditThreshold';

export const AUDIT_DEFINITIONS: readonly AuditDefinition[] = Object.freeze([
  {
    definition: 'backdated@1', kind: 'backdated', zh: '倒签/补录', en: 'Back-dated entry',
    rule: 'a case event recorded (recordedAt) backdated.skewMinutes or more after its business time (occurredAt); one finding per case, high from backdated.highHours',
    thresholds: ['backdated.skewMinutes', 'backdated.highHours'],
    check: 'for each position, recordedAt − occurredAt of that event (banjian trail <case> --json lists both with globalPosition)',
  },
  {
    definition: 'offSystem@1', kind: 'offSystem', zh: '体外循环', en: 'Handled outside the system',
    rule: 'submission, acceptance and completion recorded within offSystem.spanMinutes of each other, the submission recorded offSystem.lagHours or more after its declared time',
    thresholds: ['offSystem.spanMinutes', 'offSystem.lagHours'],
    check: 'the recordedAt of the three positions (span) and the submission’s recordedAt − occurredAt (lag)',
  },
  {
    definition: 'noWorkingTime@1', kind: 'offSystem', zh: '体外循环(无办理时间)', en: 'Completed with no working time',
    rule: 'a promised, joint or escalated case completed less than noWorkingTime.minutes of office time after acceptance, every suspension excluded',
    thresholds: ['noWorkingTime.minutes'],
    check: 'office time (the hall’s office hours and calendar) between the acceptance and the completion positions',
  },
  {
    definition: 'resubmission@1', kind: 'resubmission', zh: '撤回重报', en: 'Withdrawn and resubmitted',
    rule: 'an accepted case withdrawn, or completed denied or returned, with at most resubmission.lastOfficeHours office hours of its promised limit left (or after its due time), and a new application for the same item by the same applicant ref at the same hall within resubmission.withinWorkingDays working days',
    thresholds: ['resubmission.lastOfficeHours', 'resubmission.withinWorkingDays'],
    check: 'the first case’s effective due time against the end position, then the second case’s ApplicationSubmitted (item, applicant ref, time)',
  },
  {
    definition: 'lateStop@1', kind: 'clockStop', zh: '临期挂起/延期', en: 'Suspension or extension at the last minute',
    rule: 'a ClockSuspended or TimeLimitExtended with at most lateStop.lastOfficeHours office hours left before the effective due time of the promised limit (or after it)',
    thresholds: ['lateStop.lastOfficeHours'],
    check: 'the office time from the event to the case’s effective due time as it stood just before it (banjian due, hall office hours)',
  },
  {
    definition: 'repeatedSuspension@1', kind: 'clockStop', zh: '多次挂起', en: 'Repeated suspensions',
    rule: 'repeatedSuspension.count or more ClockSuspended on one case',
    thresholds: ['repeatedSuspension.count'],
    check: 'count the ClockSuspended positions',
  },
  {
    definition: 'suspendedShare@1', kind: 'clockStop', zh: '部门挂起时长占比', en: 'Department suspended-time share',
    rule: 'a department (holding the case at its end) whose suspended office time is more than suspendedShare.max of elapsed + suspended office time, over at least suspendedShare.minCases cases accepted in the period',
    thresholds: ['suspendedShare.max', 'suspendedShare.minCases'],
    check: 'the department table of the report: suspended and elapsed office hours; the positions are its suspensions',
  },
  {
    definition: 'evaluationBurst@1', kind: 'evaluationPadding', zh: '刷好评(集中评价)', en: 'Evaluation burst',
    rule: 'satisfied evaluations within burst.windowMinutes: burst.applicant or more from one applicant ref, burst.device or more from one device, or burst.channel or more through one channel at one window',
    thresholds: ['burst.windowMinutes', 'burst.applicant', 'burst.device', 'burst.channel'],
    check: 'the EvaluationSubmitted positions: their occurredAt lie within the window and share the key named in the finding',
  },
  {
    definition: 'staffEvaluation@1', kind: 'evaluationPadding', zh: '刷好评(工作人员代评)', en: 'Evaluation by staff',
    rule: 'an EvaluationSubmitted whose actor is staff or an agent (the default policy refuses it; a hall policy or an imported log may not)',
    thresholds: [],
    check: 'the actor of the EvaluationSubmitted position',
  },
  {
    definition: 'appealExcluded@1', kind: 'badReviewRemoval', zh: '删差评(自审申诉)', en: 'Bad review excluded by the department reviewed',
    rule: 'a bad review (level ≤ 2) excluded on appeal (mistaken or malicious) by an actor of the department the review is about',
    thresholds: [],
    check: 'the EvaluationAppealDecided position’s actor department against the case’s holding department',
  },
  {
    definition: 'excludedShare@1', kind: 'badReviewRemoval', zh: '删差评(部门剔除占比)', en: 'Department share of bad reviews excluded',
    rule: 'a department with more than excludedShare.max of its bad reviews excluded on appeal, over at least excludedShare.minBadReviews bad reviews in the period',
    thresholds: ['excludedShare.max', 'excludedShare.minBadReviews'],
    check: 'the department table: bad reviews and excluded; the positions are the appeal decisions',
  },
] satisfies AuditDefinition[]);

export type AuditDefinitionId = (typeof AUDIT_DEFINITIONS)[number]['definition'];
