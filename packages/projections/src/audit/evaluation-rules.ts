import type { CaseFacts } from '../cases/facts';
import { isBadReview, isSatisfied, excludedByAppeal } from '../satisfaction/policy';
import { departmentOf, finding, inPeriod, instantOf, mostCommon, round2, staffOf, type AuditScope, type Finding } from './finding';
import type { CaseTrace, EvaluationTrace } from './trace';

const MINUTE = 60_000;

interface Rated {
  readonly trace: CaseTrace;
  readonly facts: CaseFacts;
  readonly evaluation: EvaluationTrace;
}

type BurstKey = 'applicant' | 'device' | 'channel';

const keysOf = (r: Rated): [BurstKey, string][] => {
  const { evaluation: e, trace, facts } = r;
  const keys: [BurstKey, string][] = [];
  if (trace.applicantRef !== '') keys.push(['applicant', trace.applicantRef]);
  if (e.mark.actorKind === 'device') keys.push(['device', `${facts.hallId}/${e.mark.actorId}`]);
  keys.push(['channel', `${facts.hallId}/${e.channel}/${e.windowId ?? ''}`]);
  return keys;
};

/**
 * 刷好评 (evaluationBurst@1): satisfied evaluations crowded into a short window from one applicant
 * ref, one device or one channel at one window. One finding per burst: the longest run whose
 * first and last evaluation lie within the window.
 */
export const burstFindings = (scope: AuditScope, rated: readonly Rated[]): Finding[] => {
  const { thresholds: t } = scope;
  const limit: Record<BurstKey, number> = { applicant: t['burst.applicant'], device: t['burst.device'], channel: t['burst.channel'] };
  const window = t['burst.windowMinutes'] * MINUTE;
  const groups = new Map<string, { key: BurstKey; value: string; list: Rated[] }>();
  for (const r of rated) {
    if (!isSatisfied(r.evaluation.level) || r.evaluation.channel === 'systemDefault') continue;
    for (const [key, value] of keysOf(r)) {
      const id = `${key}\u0000${value}`;
      const group = groups.get(id) ?? { key, value, list: [] };
      group.list.push(r);
      groups.set(id, group);
    }
  }
  const out: Finding[] = [];
  for (const { key, value, list } of groups.values()) {
    if (list.length < limit[key]) continue;
    list.sort((a, b) => a.evaluation.mark.occurredMs - b.evaluation.mark.occurredMs || a.evaluation.mark.position - b.evaluation.mark.position);
    for (let i = 0; i < list.length; ) {
      let j = i;
      while (j + 1 < list.length && list[j + 1]!.evaluation.mark.occurredMs - list[i]!.evaluation.mark.occurredMs <= window) j++;
      const run = list.slice(i, j + 1);
      if (run.length < limit[key] || !inPeriod(scope, run[0]!.evaluation.mark.occurredMs)) {
        i++;
        continue;
      }
      const first = run[0]!;
      const minutes = (run.at(-1)!.evaluation.mark.occurredMs - first.evaluation.mark.occurredMs) / MINUTE;
      out.push(
        finding({
          definition: 'evaluationBurst@1',
          severity: 'medium',
          hallId: first.facts.hallId,
          caseId: first.trace.caseId,
          caseIds: [...new Set(run.map((r) => r.trace.caseId))],
          staffId: mostCommon(run.map((r) => r.evaluation.staffId)),
          departmentId: mostCommon(run.map((r) => departmentOf(r.facts))),
          at: instantOf(scope, first.facts, first.evaluation.mark.occurredMs),
          positions: run.map((r) => r.evaluation.mark.position),
          measured: { evaluations: run.length, minutes: round2(minutes) },
          detail: `${run.length} satisfied evaluations in ${round2(minutes)} min from one ${key} (${value.replace(/\u0000/g, '/')})`,
        }),
      );
      i = j + 1;
    }
  }
  return out;
};

/** 刷好评 (staffEvaluation@1): an evaluation whose actor is staff or an agent. */
export const staffEvaluationFindings = (scope: AuditScope, r: Rated): Finding[] => {
  const { evaluation: e, trace, facts } = r;
  if ((e.mark.actorKind !== 'staff' && e.mark.actorKind !== 'agent') || !inPeriod(scope, e.mark.occurredMs)) return [];
  return [
    finding({
      definition: 'staffEvaluation@1',
      severity: 'high',
      hallId: facts.hallId,
      caseId: trace.caseId,
      caseIds: [trace.caseId],
      staffId: e.mark.actorKind === 'staff' ? e.mark.actorId : (e.staffId ?? null),
      departmentId: e.mark.departmentId ?? departmentOf(facts),
      at: instantOf(scope, facts, e.mark.occurredMs),
      positions: [e.mark.position],
      measured: { level: e.level },
      detail: `evaluation ${e.evaluationId} (level ${e.level}, ${e.channel}) recorded by ${e.mark.actorKind} ${e.mark.actorId}`,
    }),
  ];
};

/** Whether a bad review was excluded on appeal (误评/恶意), within the period by its decision. */
export const excludedBadReview = (e: EvaluationTrace): boolean => isBadReview(e.level) && excludedByAppeal(e.appealDecided?.outcome as never);

/** 删差评 (appealExcluded@1): a bad review excluded on appeal by the department it is about. */
export const appealExcludedFindings = (scope: AuditScope, r: Rated): Finding[] => {
  const { evaluation: e, trace, facts } = r;
  const decided = e.appealDecided;
  if (!decided || !excludedBadReview(e) || !inPeriod(scope, decided.mark.occurredMs)) return [];
  const reviewed = departmentOf(facts);
  if (reviewed === null || decided.mark.departmentId !== reviewed) return [];
  return [
    finding({
      definition: 'appealExcluded@1',
      severity: 'high',
      hallId: facts.hallId,
      caseId: trace.caseId,
      caseIds: [trace.caseId],
      staffId: e.staffId ?? staffOf(facts),
      departmentId: reviewed,
      at: instantOf(scope, facts, decided.mark.occurredMs),
      positions: [e.mark.position, decided.mark.position],
      measured: { level: e.level },
      detail: `bad review ${e.evaluationId} (level ${e.level}) excluded as ${decided.outcome} by ${decided.mark.actorKind} ${decided.mark.actorId} of ${reviewed}, the department reviewed`,
    }),
  ];
};

export type { Rated };
