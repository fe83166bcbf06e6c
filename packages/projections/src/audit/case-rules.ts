import type { CaseFacts } from '../cases/facts';
import { caseClock, elapsedOfficeMs } from '../cases/timing';
import { departmentOf, finding, inHalls, inPeriod, instantOf, mostCommon, officeHoursLeft, round2, staffActorOf, staffOf, type AuditScope, type Finding } from './finding';
import type { CaseTrace, EventMark } from './trace';

const MINUTE = 60_000;
const LATE_ENTRY = 'LateEntryRecorded';
const HOUR = 3_600_000;

/** 倒签/补录 (backdated@1): events recorded well after their business time; one finding per case. */
export const backdatedFindings = (scope: AuditScope, trace: CaseTrace, facts: CaseFacts | undefined): Finding[] => {
  const { thresholds: t } = scope;
  const lagging = trace.lagging.filter((m) => m.recordedMs - m.occurredMs >= t['backdated.skewMinutes'] * MINUTE);
  if (lagging.length === 0 || !lagging.some((m) => inPeriod(scope, m.occurredMs))) return [];
  // 补录 declared through RecordLateEntry carries a LateEntryRecorded: evidence, not an entry of its own
  const late = lagging.filter((m) => m.type !== LATE_ENTRY);
  const declared = lagging.length - late.length;
  if (late.length === 0) return [];
  const lag = Math.max(...late.map((m) => m.recordedMs - m.occurredMs));
  const first = late[0]!;
  return [
    finding({
      definition: 'backdated@1',
      severity: lag >= t['backdated.highHours'] * HOUR ? 'high' : 'medium',
      hallId: facts?.hallId ?? '',
      caseId: trace.caseId,
      caseIds: [trace.caseId],
      staffId: mostCommon(late.map(staffActorOf)) ?? staffOf(facts),
      departmentId: mostCommon(late.map((m) => m.departmentId)) ?? departmentOf(facts),
      at: instantOf(scope, facts, first.occurredMs),
      positions: lagging.map((m) => m.position),
      measured: { events: late.length, declared, maxLagMinutes: round2(lag / MINUTE) },
      detail: `${late.length} event(s) recorded up to ${round2(lag / HOUR)} h after their business time (${late.map((m) => m.type).join(', ')})${declared > 0 ? `, ${declared} declared as late entries 补录` : ', none declared as a late entry'}`,
    }),
  ];
};

/**
 * 体外循环 (offSystem@1): submission, acceptance and completion typed in together, long after the
 * declared submission; (noWorkingTime@1): a case that needs handling completed with almost no office time.
 */
export const offSystemFindings = (scope: AuditScope, trace: CaseTrace, facts: CaseFacts | undefined): Finding[] => {
  const { submitted, accepted, completed } = trace;
  if (!facts || !submitted || !accepted || !completed || !inPeriod(scope, completed.occurredMs)) return [];
  const { thresholds: t } = scope;
  const out: Finding[] = [];
  const marks = [submitted, accepted, completed];
  const span = Math.max(...marks.map((m) => m.recordedMs)) - Math.min(...marks.map((m) => m.recordedMs));
  const lag = submitted.recordedMs - submitted.occurredMs;
  const base = { hallId: facts.hallId, caseId: trace.caseId, caseIds: [trace.caseId], staffId: staffOf(facts), departmentId: departmentOf(facts) };
  if (span <= t['offSystem.spanMinutes'] * MINUTE && lag >= t['offSystem.lagHours'] * HOUR) {
    out.push(
      finding({
        ...base,
        definition: 'offSystem@1',
        severity: 'high',
        staffId: mostCommon(marks.map(staffActorOf)) ?? base.staffId,
        at: instantOf(scope, facts, submitted.occurredMs),
        positions: marks.map((m) => m.position),
        measured: { spanMinutes: round2(span / MINUTE), lagHours: round2(lag / HOUR) },
        detail: `submitted, accepted and completed recorded within ${round2(span / MINUTE)} min, ${round2(lag / HOUR)} h after the declared submission`,
      }),
    );
  }
  if (facts.kind !== undefined && facts.kind !== 'immediate' && facts.acceptedAt >= 0 && facts.completedAt >= facts.acceptedAt) {
    const worked = elapsedOfficeMs(scope.ctx, facts, facts.completedAt);
    if (worked < t['noWorkingTime.minutes'] * MINUTE) {
      out.push(
        finding({
          ...base,
          definition: 'noWorkingTime@1',
          severity: 'medium',
          staffId: staffActorOf(completed) ?? base.staffId,
          at: instantOf(scope, facts, completed.occurredMs),
          positions: [accepted.position, completed.position],
          measured: { officeMinutes: round2(worked / MINUTE) },
          detail: `${facts.kind} case completed ${round2(worked / MINUTE)} office minutes after acceptance`,
        }),
      );
    }
  }
  return out;
};

/** Case ids by `<hall>/<item>/<applicant ref>`, in submission order: the look-up of 撤回重报. */
export type ApplicationIndex = Map<string, string[]>;

export const applicationKey = (facts: CaseFacts, trace: CaseTrace): string => `${facts.hallId}\u0000${facts.itemCode}\u0000${trace.applicantRef}`;

export const indexApplications = (scope: AuditScope): ApplicationIndex => {
  const index: ApplicationIndex = new Map();
  for (const trace of scope.state.traces.values()) {
    const facts = scope.state.facts.cases.get(trace.caseId);
    if (!facts || !trace.submitted || trace.applicantRef === '') continue;
    const key = applicationKey(facts, trace);
    const list = index.get(key);
    if (list) list.push(trace.caseId);
    else index.set(key, [trace.caseId]);
  }
  return index;
};

/** 撤回重报 (resubmission@1): ended near or after its due time, applied for again soon after. */
export const resubmissionFindings = (scope: AuditScope, trace: CaseTrace, facts: CaseFacts | undefined, index: ApplicationIndex): Finding[] => {
  const { ended } = trace;
  if (!facts || !ended || !inPeriod(scope, ended.mark.occurredMs)) return [];
  const { thresholds: t } = scope;
  const left = officeHoursLeft(scope.ctx, facts, ended.mark.occurredMs);
  if (left === undefined || left > t['resubmission.lastOfficeHours']) return [];
  const clock = caseClock(scope.ctx, facts);
  const again = (index.get(applicationKey(facts, trace)) ?? [])
    .map((id) => scope.state.traces.get(id)!)
    .find((other) => {
      const at = other.submitted!.occurredMs;
      return other.caseId !== trace.caseId && at >= ended.mark.occurredMs && clock.workingDaysBetween(ended.mark.occurredMs, at) <= t['resubmission.withinWorkingDays'];
    });
  if (!again) return [];
  const days = clock.workingDaysBetween(ended.mark.occurredMs, again.submitted!.occurredMs);
  return [
    finding({
      definition: 'resubmission@1',
      severity: left < 0 ? 'high' : 'medium',
      hallId: facts.hallId,
      caseId: trace.caseId,
      caseIds: [trace.caseId, again.caseId],
      staffId: staffActorOf(ended.mark) ?? staffOf(facts),
      departmentId: departmentOf(facts),
      at: instantOf(scope, facts, ended.mark.occurredMs),
      positions: [...(trace.accepted ? [trace.accepted.position] : []), ended.mark.position, again.submitted!.position],
      measured: { officeHoursLeft: round2(left), workingDaysToResubmission: round2(days) },
      detail: `${ended.how} with ${round2(left)} office hours of the limit left; ${again.caseId} applied for again ${round2(days)} working days later`,
    }),
  ];
};

/** lateStop@1 and repeatedSuspension@1: suspensions 挂起 and extensions 延期 that stop the clock at the last minute, or again and again. */
export const clockStopFindings = (scope: AuditScope, trace: CaseTrace, facts: CaseFacts | undefined): Finding[] => {
  if (!facts || trace.stops.length === 0) return [];
  const { thresholds: t } = scope;
  const out: Finding[] = [];
  const base = { hallId: facts.hallId, caseId: trace.caseId, caseIds: [trace.caseId], departmentId: departmentOf(facts) };
  for (const stop of trace.stops) {
    if (!inPeriod(scope, stop.occurredMs)) continue;
    const left = officeHoursLeft(scope.ctx, facts, stop.occurredMs);
    if (left === undefined || left > t['lateStop.lastOfficeHours']) continue;
    const what = stop.type === 'ClockSuspended' ? 'suspension' : 'extension';
    out.push(
      finding({
        ...base,
        definition: 'lateStop@1',
        severity: left < 0 ? 'high' : 'medium',
        staffId: staffActorOf(stop) ?? staffOf(facts),
        at: instantOf(scope, facts, stop.occurredMs),
        positions: [...(trace.accepted ? [trace.accepted.position] : []), stop.position],
        measured: { officeHoursLeft: round2(left) },
        detail: left < 0 ? `${what} ${round2(-left)} office hours after the due time` : `${what} with ${round2(left)} office hours of the limit left`,
      }),
    );
  }
  const suspensions: EventMark[] = trace.stops.filter((s) => s.type === 'ClockSuspended');
  const last = suspensions.at(-1);
  if (last && suspensions.length >= t['repeatedSuspension.count'] && inPeriod(scope, last.occurredMs)) {
    out.push(
      finding({
        ...base,
        definition: 'repeatedSuspension@1',
        severity: 'medium',
        staffId: mostCommon(suspensions.map(staffActorOf)) ?? staffOf(facts),
        at: instantOf(scope, facts, last.occurredMs),
        positions: suspensions.map((s) => s.position),
        measured: { suspensions: suspensions.length },
        detail: `${suspensions.length} suspensions on one case`,
      }),
    );
  }
  return out;
};

export const inScopeCase = (scope: AuditScope, facts: CaseFacts | undefined): facts is CaseFacts => facts !== undefined && inHalls(scope, facts.hallId);
