import { clockOf } from '../cases/context';
import { checkPeriod, periodRange } from '../figures/period';
import { scopeOf } from '../figures/query';
import { rebuild, type AsOfBound } from '../runner/rebuild';
import type { EventSource } from '../runner/source';
import { backdatedFindings, clockStopFindings, indexApplications, inScopeCase, offSystemFindings, resubmissionFindings } from './case-rules';
import { AUDIT_DEFINITIONS, isAuditThresholdError, resolveThresholds, type AuditDefinition, type AuditThresholds } from './definitions';
import { departmentAudit, type DepartmentAudit, type StaffLateEntries } from './departments';
import { appealExcludedFindings, burstFindings, staffEvaluationFindings, type Rated } from './evaluation-rules';
import { inPeriod, type AuditScope, type Finding } from './finding';
import { auditProjection } from './projection';
import type { AuditState, CaseTrace } from './trace';
import type { CaseFacts } from '../cases/facts';

export interface AuditOptions {
  from: string;
  /** Exclusive. */
  to: string;
  hall?: string;
  /** Thresholds by key (`backdated.skewMinutes`, …); the others keep their defaults. */
  thresholds?: Partial<Record<string, number>>;
  /** Audit the log as it stood at a global position or time. */
  asOf?: AsOfBound;
}

/** The audit of a period (`banjian audit --json`): every finding with the definitions and thresholds it was found under. */
export interface AuditReport {
  period: { from: string; to: string; zone: string };
  hall: string | null;
  /** Global position of the last event read. */
  checkpoint: number;
  /** Cases submitted in the period in the halls audited: the base of the findings' share. */
  cases: number;
  thresholds: AuditThresholds;
  definitions: readonly AuditDefinition[];
  findings: Finding[];
  /** Findings per definition id. */
  counts: Record<string, number>;
  departments: DepartmentAudit[];
  /** Late entries 补录 by member of staff, most first. */
  staff: StaffLateEntries[];
}

/** Bad options: an unknown hall, an empty period, an unknown or out-of-range threshold. */
export class AuditOptionsError extends Error {
  override readonly name = 'AuditOptionsError';
  readonly kind = 'auditOptions';
  constructor(message: string) {
    super(message);
  }
}

export const isAuditOptionsError = (e: unknown): e is AuditOptionsError => e instanceof Error && (e as { kind?: unknown }).kind === 'auditOptions';

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** The findings of a period from a folded audit state (no log read). */
export const auditFromState = (state: AuditState, options: AuditOptions): AuditReport => {
  const thresholds = resolveThresholds(options.thresholds);
  if (isAuditThresholdError(thresholds)) throw new AuditOptionsError(thresholds.message);
  const ctx = state.facts.context;
  let period: [number, number];
  let scoped: ReturnType<typeof scopeOf>;
  try {
    checkPeriod({ from: options.from, to: options.to });
    scoped = scopeOf(ctx, options.hall);
    period = periodRange(clockOf(ctx, scoped.anchor), { from: options.from, to: options.to });
  } catch (e) {
    throw new AuditOptionsError((e as Error).message);
  }
  const clock = clockOf(ctx, scoped.anchor);
  const scope: AuditScope = { state, ctx, thresholds, halls: scoped.halls, startMs: period[0], endMs: period[1], clock };
  const index = indexApplications(scope);
  const findings: Finding[] = [];
  const rated: Rated[] = [];
  const cases: { trace: CaseTrace; facts: CaseFacts }[] = [];
  let submitted = 0;
  for (const trace of state.traces.values()) {
    const facts = state.facts.cases.get(trace.caseId);
    if (!inScopeCase(scope, facts)) continue;
    if (trace.submitted && inPeriod(scope, trace.submitted.occurredMs)) submitted++;
    cases.push({ trace, facts });
    findings.push(
      ...backdatedFindings(scope, trace, facts),
      ...offSystemFindings(scope, trace, facts),
      ...resubmissionFindings(scope, trace, facts, index),
      ...clockStopFindings(scope, trace, facts),
    );
    for (const evaluation of trace.evaluations) {
      const r = { trace, facts, evaluation };
      rated.push(r);
      findings.push(...staffEvaluationFindings(scope, r), ...appealExcludedFindings(scope, r));
    }
  }
  findings.push(...burstFindings(scope, rated));
  const tables = departmentAudit(scope, cases);
  findings.push(...tables.findings);
  findings.sort((a, b) => a.at.localeCompare(b.at) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.definition.localeCompare(b.definition) || (a.positions[0] ?? 0) - (b.positions[0] ?? 0));
  const counts: Record<string, number> = {};
  for (const d of AUDIT_DEFINITIONS) counts[d.definition] = 0;
  for (const f of findings) counts[f.definition]! += 1;
  return {
    period: { from: options.from, to: options.to, zone: clock.zone },
    hall: options.hall ?? null,
    checkpoint: state.position,
    cases: submitted,
    thresholds,
    definitions: AUDIT_DEFINITIONS,
    findings,
    counts,
    departments: tables.departments,
    staff: tables.staff,
  };
};

/**
 * `buildAudit(events | store, {from, to, hall?, thresholds?})`: folds the log once into the audit
 * projection (case facts plus evidence) and reports the anomaly findings 异常办件 of the period.
 */
export const buildAudit = async (source: EventSource, options: AuditOptions): Promise<AuditReport> => {
  // thresholds are checked before the log is read: a typo costs nothing
  const thresholds = resolveThresholds(options.thresholds);
  if (isAuditThresholdError(thresholds)) throw new AuditOptionsError(thresholds.message);
  const { states } = await rebuild(source, [auditProjection], options.asOf ?? {});
  return auditFromState(states[auditProjection.name] as AuditState, options);
};

