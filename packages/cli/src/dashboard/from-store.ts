import { chinaCalendar, createWorkClock, DEFAULT_ZONE, hallStream, type EventStore, type WorkClock } from '@banjian/core';
import {
  auditFromState,
  auditProjection,
  caseFactsProjection,
  deadlineWatch,
  openAlertsProjection,
  rebuild,
  reportFromFacts,
  satisfactionDetail,
  satisfactionProjection,
  trailOf,
  type CaseFacts,
  type AuditState,
  type CaseFactsState,
  type FigureOptionsInput,
  type SatisfactionState,
  type OpenAlertsState,
  type WatchLevel,
} from '@banjian/projections';
import { hallNames } from '../hall-names';
import type { DashboardCase, DashboardInput } from './model';
import { openAlertCounts } from './supervision-section';

/** The period shown: a calendar year, or `[from, to)` of local dates (`to` exclusive, as in reports). */
export type DashboardPeriod = { readonly year: number } | { readonly from: string; readonly to: string };

export type DashboardOptions = DashboardPeriod & {
  /**
   * The instant the dashboard is seen from (ISO-8601 with offset): the log is read up to it, the
   * deadline watch is taken at it. Default: the end of the period (midnight starting `to`).
   */
  readonly at?: string;
  /** A hall id; the halls below it roll up into it (default: every hall). */
  readonly hall?: string;
  /** At most this many cases in the list (default 500): open cases by urgency first, then the latest. */
  readonly maxCases?: number;
  readonly title?: string;
  /** Figure definition variants (spec §5), default the standard definitions. */
  readonly definitions?: FigureOptionsInput;
  /** A case to point the reader at (the demo's showcase): listed first and linked from the header. */
  readonly highlight?: string;
};

export const DEFAULT_MAX_CASES = 500;

const periodOf = (options: DashboardPeriod): { from: string; to: string } =>
  'year' in options ? { from: `${options.year}-01-01`, to: `${options.year + 1}-01-01` } : { from: options.from, to: options.to };

/** The zone the period's dates are read in: the hall's own, else the default (Asia/Shanghai). */
const zoneOf = async (store: EventStore, hall: string | undefined): Promise<string> => {
  if (hall === undefined) return DEFAULT_ZONE;
  const [registered] = await store.readStream(hallStream(hall), { maxCount: 1 });
  const zone = (registered?.data as { timeZone?: unknown } | undefined)?.timeZone;
  return typeof zone === 'string' ? zone : DEFAULT_ZONE;
};

const clockIn = (zone: string): WorkClock => createWorkClock({ calendar: chinaCalendar(), zone });

/** Which cases the list shows: the watched ones by urgency, then the rest of the period, latest first. */
const chooseCases = (
  facts: CaseFactsState,
  inScope: (c: CaseFacts) => boolean,
  watched: readonly { caseId: string; level: WatchLevel }[],
  limit: number,
  highlight: string | undefined,
): { chosen: { facts: CaseFacts; level?: WatchLevel }[]; total: number } => {
  const levels = new Map(watched.map((w) => [w.caseId, w.level]));
  const rest = [...facts.cases.values()]
    .filter((c) => inScope(c) && !levels.has(c.caseId))
    .sort((a, b) => b.submittedAt - a.submittedAt || (a.caseId < b.caseId ? -1 : 1));
  const first = watched.map((w) => ({ facts: facts.cases.get(w.caseId)!, level: w.level }));
  const all: { facts: CaseFacts; level?: WatchLevel }[] = [...first, ...rest.map((c) => ({ facts: c }))];
  // The highlighted case leads the list, so the page can always show it.
  const at = all.findIndex((c) => c.facts.caseId === highlight);
  const chosen = at > 0 ? [all[at]!, ...all.slice(0, at), ...all.slice(at + 1)] : all;
  return { chosen: chosen.slice(0, limit), total: first.length + rest.length };
};

/**
 * Everything the dashboard shows, computed from the log with `@banjian/projections`: one fold of
 * the per-case facts and the satisfaction projection up to `at`, the report by month and by
 * department, the satisfaction detail, the deadline watch at `at`, and each listed case's trail.
 */
export const dashboardFromStore = async (store: EventStore, options: DashboardOptions): Promise<DashboardInput> => {
  const period = periodOf(options);
  const clock = clockIn(await zoneOf(store, options.hall));
  const [startMs, endMs] = [clock.startOfDay(period.from), clock.startOfDay(period.to)];
  const at = options.at ?? clock.toInstant(endMs);

  const { position, states } = await rebuild(store, [caseFactsProjection, satisfactionProjection, auditProjection, openAlertsProjection], { occurredAt: at });
  const facts = states[caseFactsProjection.name] as CaseFactsState;
  const base = { ...period, ...(options.hall ? { hall: options.hall } : {}), ...(options.definitions ? { definitions: options.definitions } : {}) };
  const report = reportFromFacts(facts, position, { ...base, by: 'month' });
  const departments = reportFromFacts(facts, position, { ...base, by: 'department' });
  const staff = reportFromFacts(facts, position, { ...base, by: 'staff' });
  const halls = report.hall?.halls;
  const hallScope = halls ? new Set(halls) : undefined;

  const satisfaction = satisfactionDetail(states[satisfactionProjection.name] as SatisfactionState, {
    from: startMs, to: endMs, at, ...(halls ? { hallIds: halls } : {}), clockFor: () => clock,
  });
  const watch = deadlineWatch(facts, { at, ...(halls ? { hallIds: halls } : {}) });
  const openAlerts = openAlertCounts(states[openAlertsProjection.name] as OpenAlertsState, (caseId) => {
    const c = facts.cases.get(caseId);
    return c !== undefined && (hallScope === undefined || hallScope.has(c.hallId));
  });

  const inScope = (c: CaseFacts) => (hallScope === undefined || hallScope.has(c.hallId)) && c.submittedAt >= startMs && c.submittedAt < endMs;
  const { chosen, total } = chooseCases(facts, inScope, watch.cases, options.maxCases ?? DEFAULT_MAX_CASES, options.highlight);
  const cases: DashboardCase[] = [];
  for (const { facts: c, level } of chosen) {
    const { entries } = await trailOf(store, c.caseId, { asOf: { position, occurredAt: at } });
    const holder = c.holder ?? c.acceptedBy;
    cases.push({
      caseId: c.caseId,
      caseNo: c.caseNo,
      hallId: c.hallId,
      itemCode: c.itemCode,
      status: c.status,
      ...(holder ? { departmentId: holder.departmentId } : {}),
      submittedAt: clock.toInstant(c.submittedAt),
      ...(level ? { level } : {}),
      trail: entries,
    });
  }
  const title = options.title ?? `${report.hall?.name ?? '政务服务大厅'} 办件看板 hall dashboard`;
  const audit = auditFromState(states[auditProjection.name] as AuditState, { ...period, ...(options.hall ? { hall: options.hall } : {}) });
  const highlight = cases.some((c) => c.caseId === options.highlight) ? { highlight: options.highlight! } : {};
  return { title, at, report, departments, staff, openAlerts, satisfaction, watch, cases, totalCases: total, audit, names: hallNames(facts.context), zone: clock.zone, ...highlight };
};
