import type { AuditReport, CaseStatus, DeadlineWatch, Report, SatisfactionDetail, TrailEntry, WatchLevel } from '@banjian/projections';
import type { HallNames } from '../hall-names';
import type { OpenAlertCounts } from './supervision-section';

/** One case of the dashboard's case list, with its audit trail (审计轨迹) as of the dashboard's instant. */
export interface DashboardCase {
  readonly caseId: string;
  readonly caseNo: string;
  readonly hallId: string;
  readonly itemCode: string;
  readonly status: CaseStatus;
  /** The current holder's department, once accepted. */
  readonly departmentId?: string;
  /** Business time of the application, ISO-8601. */
  readonly submittedAt: string;
  /** The alert level while open and accepted (deadline watch). */
  readonly level?: WatchLevel;
  readonly trail: readonly TrailEntry[];
}

/**
 * What the hall dashboard (大厅看板) shows, as projections computed it: the period's report split by
 * month and by department, the satisfaction detail, the deadline watch at an instant and a case list.
 */
export interface DashboardInput {
  readonly title: string;
  /** The instant the watch and the trails are seen from, ISO-8601. */
  readonly at: string;
  /** The period's report with `by: 'month'` (its groups are the months). */
  readonly report: Report;
  /** The same period's report with `by: 'department'`. */
  readonly departments: Report;
  readonly satisfaction: SatisfactionDetail;
  readonly watch: DeadlineWatch;
  readonly cases: readonly DashboardCase[];
  /** How many cases the list was chosen from (it may show fewer). */
  readonly totalCases: number;
  /** Names for the ids of the log (halls, departments, windows, items); the page shows names and local times. */
  readonly names: HallNames;
  /** The hall's zone: every time is shown on its wall clock. */
  readonly zone: string;
  /** A case to point the reader at (the demo's showcase): listed first, linked from the header. */
  readonly highlight?: string;
  /** The same period's report with `by: 'staff'` (late entries 补录 per staff). */
  readonly staff?: Report;
  /** Alerts open at `at` by rule (`promisedLimit`, `statutoryLimit`) and level, from the alert events. */
  readonly openAlerts?: OpenAlertCounts;
  /** The period's anomaly findings 异常办件 (`banjian audit`); the section is left out without it. */
  readonly audit?: AuditReport;
}
