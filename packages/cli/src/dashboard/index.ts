export { renderDashboard } from './render';
export { dashboardFromStore, DEFAULT_MAX_CASES, type DashboardOptions, type DashboardPeriod } from './from-store';
export type { DashboardCase, DashboardInput } from './model';
export { escapeHtml } from './escape';
