import { isBadReview } from '../satisfaction/policy';
import { caseClockView } from '../cases/timing';
import type { CaseFacts } from '../cases/facts';
import { departmentOf, finding, inPeriod, round2, type AuditScope, type Finding } from './finding';
import { excludedBadReview } from './evaluation-rules';
import type { CaseTrace, EventMark } from './trace';

/** One department's line of the audit: what the share findings compare with their thresholds. */
export interface DepartmentAudit {
  hallId: string;
  departmentId: string;
  /** Cases accepted in the period and held by the department at their end (or now). */
  cases: number;
  elapsedOfficeHours: number;
  suspendedOfficeHours: number;
  suspendedShare: number;
  /** Bad reviews 差评 (level ≤ 2) submitted in the period, and those excluded on appeal. */
  badReviews: number;
  badReviewsExcluded: number;
  excludedShare: number;
  /** Events recorded after their business time beyond the allowed skew (倒签/补录). */
  lateEntries: number;
}

/** Late entries of one member of staff. */
export interface StaffLateEntries {
  hallId: string;
  staffId: string;
  departmentId: string | null;
  lateEntries: number;
}

interface Evidence {
  caseId: string;
  mark: EventMark;
}

interface Tally extends DepartmentAudit {
  suspensions: Evidence[];
  exclusions: Evidence[];
}

const HOUR = 3600;

const ratio = (n: number, d: number): number => (d > 0 ? round2(n / d) : 0);

/**
 * Per-department tables (suspended-time share, bad reviews excluded, late entries), per-staff late
 * entries, and the department findings suspendedShare@1 and excludedShare@1.
 */
export const departmentAudit = (
  scope: AuditScope,
  cases: readonly { trace: CaseTrace; facts: CaseFacts }[],
): { departments: DepartmentAudit[]; staff: StaffLateEntries[]; findings: Finding[] } => {
  const { thresholds: t } = scope;
  const tallies = new Map<string, Tally>();
  const staff = new Map<string, StaffLateEntries>();
  const tallyOf = (hallId: string, departmentId: string): Tally => {
    const key = `${hallId}/${departmentId}`;
    let tally = tallies.get(key);
    if (!tally) {
      tally = {
        hallId, departmentId, cases: 0, elapsedOfficeHours: 0, suspendedOfficeHours: 0, suspendedShare: 0,
        badReviews: 0, badReviewsExcluded: 0, excludedShare: 0, lateEntries: 0, suspensions: [], exclusions: [],
      };
      tallies.set(key, tally);
    }
    return tally;
  };
  const skew = t['backdated.skewMinutes'] * 60_000;
  for (const { trace, facts } of cases) {
    const department = departmentOf(facts);
    for (const m of trace.lagging) {
      if (m.type === 'LateEntryRecorded' || m.recordedMs - m.occurredMs < skew || !inPeriod(scope, m.occurredMs)) continue;
      const dept = m.departmentId ?? department;
      if (dept !== null) tallyOf(facts.hallId, dept).lateEntries += 1;
      if (m.actorKind === 'staff') {
        const key = `${facts.hallId}/${m.actorId}`;
        const line = staff.get(key) ?? { hallId: facts.hallId, staffId: m.actorId, departmentId: m.departmentId ?? department, lateEntries: 0 };
        line.lateEntries += 1;
        staff.set(key, line);
      }
    }
    if (department === null) continue;
    const tally = tallyOf(facts.hallId, department);
    if (facts.acceptedAt >= 0 && inPeriod(scope, facts.acceptedAt)) {
      const until = facts.completedAt >= 0 ? Math.min(facts.completedAt, scope.endMs) : scope.endMs;
      if (facts.clock && until > facts.acceptedAt) {
        const view = caseClockView(scope.ctx, facts, until);
        tally.cases += 1;
        tally.elapsedOfficeHours += view.elapsedOfficeSeconds / HOUR;
        tally.suspendedOfficeHours += view.suspendedOfficeSeconds / HOUR;
        for (const s of trace.stops) if (s.type === 'ClockSuspended' && s.occurredMs < until) tally.suspensions.push({ caseId: facts.caseId, mark: s });
      }
    }
    for (const e of trace.evaluations) {
      if (!isBadReview(e.level) || !inPeriod(scope, e.mark.occurredMs)) continue;
      tally.badReviews += 1;
      if (excludedBadReview(e)) {
        tally.badReviewsExcluded += 1;
        tally.exclusions.push({ caseId: facts.caseId, mark: e.appealDecided!.mark });
      }
    }
  }
  const findings: Finding[] = [];
  const departments: DepartmentAudit[] = [];
  const at = scope.clock.toInstant(scope.startMs);
  for (const tally of [...tallies.values()].sort((a, b) => a.hallId.localeCompare(b.hallId) || a.departmentId.localeCompare(b.departmentId))) {
    const { suspensions, exclusions, ...line } = tally;
    line.suspendedShare = ratio(line.suspendedOfficeHours, line.elapsedOfficeHours + line.suspendedOfficeHours);
    line.excludedShare = ratio(line.badReviewsExcluded, line.badReviews);
    line.elapsedOfficeHours = round2(line.elapsedOfficeHours);
    line.suspendedOfficeHours = round2(line.suspendedOfficeHours);
    departments.push(line);
    const base = { hallId: line.hallId, caseId: null, staffId: null, departmentId: line.departmentId, at };
    const shareOfSuspended = line.suspendedOfficeHours / (line.elapsedOfficeHours + line.suspendedOfficeHours || 1);
    if (line.cases >= t['suspendedShare.minCases'] && shareOfSuspended > t['suspendedShare.max']) {
      findings.push(
        finding({
          ...base,
          definition: 'suspendedShare@1',
          severity: 'low',
          caseIds: [...new Set(suspensions.map((s) => s.caseId))],
          positions: suspensions.map((s) => s.mark.position),
          measured: { cases: line.cases, suspendedShare: line.suspendedShare, suspendedOfficeHours: line.suspendedOfficeHours, elapsedOfficeHours: line.elapsedOfficeHours },
          detail: `${Math.round(line.suspendedShare * 100)} % of the office time of ${line.cases} cases was suspended`,
        }),
      );
    }
    if (line.badReviews >= t['excludedShare.minBadReviews'] && line.badReviewsExcluded / line.badReviews > t['excludedShare.max']) {
      findings.push(
        finding({
          ...base,
          definition: 'excludedShare@1',
          severity: 'medium',
          caseIds: [...new Set(exclusions.map((s) => s.caseId))],
          positions: exclusions.map((s) => s.mark.position),
          measured: { badReviews: line.badReviews, excluded: line.badReviewsExcluded, excludedShare: line.excludedShare },
          detail: `${line.badReviewsExcluded} of ${line.badReviews} bad reviews excluded on appeal`,
        }),
      );
    }
  }
  const staffLines = [...staff.values()].sort((a, b) => b.lateEntries - a.lateEntries || a.staffId.localeCompare(b.staffId));
  return { departments, staff: staffLines, findings };
};
