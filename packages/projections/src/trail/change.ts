import type { EventDataOf, EventType, Limit, StoredEvent } from '@banjian/core';
import { formatLimit, procedureNames, wallTime, type WallTime } from './words';

type Describe<K extends EventType> = (data: EventDataOf<K>, at: WallTime) => string;

const holder = (h: { departmentId: string; windowId?: string; staffId?: string }): string =>
  [h.departmentId, h.windowId, h.staffId].filter((part): part is string => part !== undefined).join('/');

const limits = (l: { statutory: Limit; promised: Limit }): string => `${formatLimit(l.promised)} promised, ${formatLimit(l.statutory)} statutory`;

const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));

const item = (d: { itemCode: string; version: number; name: string; departmentId: string; limits: { statutory: Limit; promised: Limit }; effectiveFrom: string }): string =>
  `${d.itemCode} v${d.version} ${d.name} (${d.departmentId}; ${limits(d.limits)}) from ${d.effectiveFrom}`;

const itemStatus = (d: { itemCode: string; effectiveFrom: string; reason?: string }): string =>
  `${d.itemCode} from ${d.effectiveFrom}${d.reason ? `: ${d.reason}` : ''}`;

/**
 * One readable line per event type saying what changed. Typed over `EventType`, so every event of
 * the registry has one; instants read in the offset of the entry's own time.
 */
const describers: { readonly [K in EventType]: Describe<K> } = {
  HallRegistered: (d) => `${d.name} (${d.level}, ${d.timeZone}, calendar ${d.calendarId})${d.parentId ? ` under ${d.parentId}` : ''}`,
  DepartmentRegistered: (d) => `${d.departmentId} ${d.name}`,
  WindowOpened: (d) => `${d.windowId} (${d.kind}${d.departmentId ? `, ${d.departmentId}` : ''})`,
  WindowClosed: (d) => d.windowId,
  StaffRegistered: (d) => `${d.staffId}${d.name ? ` ${d.name}` : ''} as ${d.role}${d.departmentId ? ` in ${d.departmentId}` : ''}${d.windowId ? ` at ${d.windowId}` : ''}`,
  DeviceInstalled: (d) => `${d.deviceId} at ${d.windowId}`,
  ServiceItemDefined: item,
  ServiceItemRevised: item,
  ServiceItemSuspended: itemStatus,
  ServiceItemRepealed: itemStatus,
  ServiceItemReinstated: itemStatus,
  CalendarPublished: (d) => `${d.calendarId} ${d.year}, ${d.days.length} days, version ${d.version}`,
  ConsultationRecorded: (d) => `${d.topic}${d.itemCode ? ` (${d.itemCode})` : ''}`,
  ComplaintFiled: (d, at) => `about ${d.subject.kind} ${d.subject.id} via ${d.channel}, answer due ${at(d.answerDueAt)}`,
  ComplaintAnswered: (d) => d.resolution,
  ComplaintAlertRaised: (d, at) => `${d.level} (${d.rule})${d.departmentId ? ` for ${d.departmentId}` : ''}, answer due ${at(d.dueAt)}`,
  ComplaintAlertCleared: (d) => `alert ${d.alertId} cleared`,
  ApplicationSubmitted: (d) =>
    `${d.caseNo}, item ${d.itemCode}${d.itemVersion === undefined ? '' : ` v${d.itemVersion}`} via ${d.channel}, ${d.materials.length} materials`,
  CorrectionRequested: (d) => `missing: ${list(d.missing)}`,
  CorrectionSupplied: (d) => `supplied: ${list(d.materials)}`,
  CaseAccepted: (d, at) =>
    `${d.deemedFrom ? `deemed accepted from ${at(d.deemedFrom)} (行政许可法 §32(四): correction notice later than 5 working days), ` : ''}${d.kind}, promised due ${at(d.promisedDueAt)} (${formatLimit(d.limits.promised)}), statutory due ${at(d.statutoryDueAt)} (${formatLimit(d.limits.statutory)}), calendar ${d.calendarVersion}${d.provisional ? ', provisional' : ''}`,
  CaseRejected: (d) => `${d.reason} (${d.legalBasis})`,
  CaseWithdrawn: (d) => d.reason || 'no reason given',
  CaseTransferred: (d, at) => `from ${holder(d.from)} to ${holder(d.to)}: ${d.reason}, handover ${at(d.handoverAt)}`,
  StepCompleted: (d) => `${d.step}: ${d.action}${d.opinion ? ` — ${d.opinion}` : ''}`,
  JointReviewRequested: (d, at) => `to ${list(d.departmentIds)}, reply due ${at(d.replyDueAt)}`,
  JointOpinionReturned: (d) => `${d.departmentId}: ${d.opinion}${d.comment ? ` — ${d.comment}` : ''}`,
  DeemedConsentApplied: (d, at) => `${d.departmentId} silent past ${at(d.replyDueAt)} (${d.policy})`,
  CaseEscalated: (d) => `to ${d.authority}${d.reason ? `: ${d.reason}` : ''}`,
  EscalationReturned: (d) => `${d.authority}: ${d.decision}`,
  ClockSuspended: (d, at) =>
    `${d.procedure} ${procedureNames[d.procedure]} (${d.legalBasis}), applicant notified ${at(d.applicantNotifiedAt)}${d.expected ? `, expected ${formatLimit(d.expected)}` : ''}`,
  ClockResumed: () => 'clock runs again',
  TimeLimitExtended: (d, at) => `by ${formatLimit(d.by)}, approved by ${d.approvedBy}: ${d.reason} (requested ${at(d.requestedAt)})`,
  DecisionMade: (d) =>
    `${d.outcome}${d.legalBasis ? ` (${d.legalBasis})` : ''}${d.approvedAmount ? `, ${d.approvedAmount.amount} ${d.approvedAmount.currency}` : ''}`,
  CaseCompleted: (d) => `${d.result}${d.licence ? `, licence ${d.licence.name} ${d.licence.number}` : ''}`,
  ResultDelivered: (d) => `by ${d.method}`,
  ApplicantNoShow: (d) => `notified ${d.notifiedDate}`,
  VisitRecorded: (d) => `to ${d.purpose}`,
  EvaluationSubmitted: (d) =>
    `${d.evaluationId}: level ${d.level} via ${d.channel} (${d.round}${d.realName ? ', real name' : ''})${d.reasons && d.reasons.length > 0 ? ` — ${d.reasons.join(', ')}` : ''}`,
  BadReviewTriaged: (d, at) =>
    `${d.evaluationId}: ${d.valid ? 'valid' : 'not valid'}${d.assignee ? `, assigned to ${d.assignee}` : ''}${d.dueAt ? `, due ${at(d.dueAt)}` : ''}`,
  BadReviewReplied: (d) => d.evaluationId,
  BadReviewRectified: (d) => `${d.evaluationId}: ${d.measures}`,
  BadReviewCalledBack: (d) => `${d.evaluationId}: ${d.satisfied ? 'satisfied' : 'not satisfied'}`,
  EvaluationAppealed: (d) => `${d.evaluationId}: ${d.reason}`,
  EvaluationAppealDecided: (d) => `${d.evaluationId}: ${d.outcome}`,
  FollowUpRecorded: (d) =>
    `by ${d.method}${d.satisfied === undefined ? '' : d.satisfied ? ', satisfied' : ', not satisfied'}${d.result ? ` — ${d.result}` : ''}`,
  AlertRaised: (d, at) => `${d.level} (${d.rule}) for ${d.departmentId}, due ${at(d.dueAt)}`,
  AlertCleared: (d) => d.alertId,
  DeadlineRecomputed: (d, at) =>
    `promised due ${at(d.previous.promisedDueAt)} → ${at(d.next.promisedDueAt)}, statutory due ${at(d.previous.statutoryDueAt)} → ${at(d.next.statutoryDueAt)}, calendar ${d.previous.calendarVersion} → ${d.next.calendarVersion}: ${d.reason}`,
  CorrectionRecorded: (d) => `corrects ${d.corrects} (${Object.keys(d.fields).sort().join(', ')}): ${d.reason}`,
  LateEntryRecorded: (d, at) => `${d.command} happened ${at(d.declaredAt)}, recorded ${at(d.recordedAt)}: ${d.reason}`,
};

/** What an event changed, as one line; an event type the registry does not know shows its data keys. */
export const describeChange = (event: StoredEvent): string => {
  const describe = (describers as Record<string, Describe<EventType> | undefined>)[event.type];
  if (describe === undefined) return Object.keys(event.data as object).sort().join(', ');
  return describe(event.data as never, wallTime(event.occurredAt));
};
