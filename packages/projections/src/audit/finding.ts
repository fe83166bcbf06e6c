import type { WorkClock } from '@banjian/core';
import type { HallContext } from '../cases/context';
import type { CaseFacts } from '../cases/facts';
import { caseClock, caseClockView } from '../cases/timing';
import type { AuditDefinitionId, AuditThresholds, FindingKind, Severity } from './definitions';
import { AUDIT_DEFINITIONS } from './definitions';
import type { AuditState, EventMark } from './trace';

/**
 * One anomaly 异常办件, as an auditor checks it by hand: the definition and thresholds it was
 * found under, the case (or cases), who and which department, and the global positions of the
 * events that prove it (`banjian trail <case>` shows them; `measured` holds the numbers the rule
 * compared with its thresholds).
 */
export interface Finding {
  readonly definition: AuditDefinitionId;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly hallId: string;
  /** The case the finding is about; `null` for a department's finding (its cases are in `caseIds`). */
  readonly caseId: string | null;
  readonly caseIds: readonly string[];
  readonly staffId: string | null;
  readonly departmentId: string | null;
  /** Business time the finding is dated by (in the hall's zone). */
  readonly at: string;
  readonly positions: readonly number[];
  readonly measured: Readonly<Record<string, number>>;
  /** One line in words. */
  readonly detail: string;
}

/** What every rule reads: the folded state, the thresholds, the halls and period in scope. */
export interface AuditScope {
  readonly state: AuditState;
  readonly ctx: HallContext;
  readonly thresholds: AuditThresholds;
  readonly halls: ReadonlySet<string> | undefined;
  readonly startMs: number;
  readonly endMs: number;
  /** The period's clock (anchor hall): dates findings that belong to no case. */
  readonly clock: WorkClock;
}

export const inPeriod = (scope: AuditScope, ms: number): boolean => ms >= scope.startMs && ms < scope.endMs;
export const inHalls = (scope: AuditScope, hallId: string): boolean => scope.halls === undefined || scope.halls.has(hallId);

const KIND_OF = new Map(AUDIT_DEFINITIONS.map((d) => [d.definition, d.kind]));

export const finding = (f: Omit<Finding, 'kind'>): Finding => ({ ...f, kind: KIND_OF.get(f.definition)!, positions: [...f.positions].sort((a, b) => a - b) });

/** The department holding a case (its completing one once completed), else the accepting one. */
export const departmentOf = (facts: CaseFacts | undefined): string | null => facts?.holder?.departmentId ?? facts?.acceptedBy?.departmentId ?? null;

export const staffOf = (facts: CaseFacts | undefined): string | null => facts?.holder?.staffId ?? facts?.acceptedBy?.staffId ?? null;

/** The staff actor of a mark, if a member of staff acted. */
export const staffActorOf = (mark: EventMark): string | null => (mark.actorKind === 'staff' ? mark.actorId : null);

export const instantOf = (scope: AuditScope, facts: CaseFacts | undefined, ms: number): string =>
  (facts && facts.acceptedAt >= 0 ? caseClock(scope.ctx, facts) : scope.clock).toInstant(ms);

const HOUR = 3600;

/**
 * Office hours of the promised limit left at `atMs` before the case's effective due time as it
 * stood just before then (negative after it); `undefined` for a case not accepted. The due time is
 * the case clock's (`caseClockView`), never re-derived here.
 */
export const officeHoursLeft = (ctx: HallContext, facts: CaseFacts, atMs: number): number | undefined => {
  if (!facts.clock || atMs < facts.acceptedAt) return undefined;
  return caseClockView(ctx, facts, atMs - 1).promised.remainingOfficeSeconds / HOUR;
};

/** The most frequent value (ties: the first met), or null. */
export const mostCommon = (values: readonly (string | null | undefined)[]): string | null => {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) [best, bestCount] = [v, n];
  }
  return best;
};

export const round2 = (x: number): number => Math.round(x * 100) / 100;
