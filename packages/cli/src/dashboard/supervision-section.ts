import { DEFAULT_ALERT_RULE, STATUTORY_ALERT_RULE, WATCH_LEVELS, type OpenAlertsState, type Report, type ReportFigure } from '@banjian/projections';
import { localTime } from '../hall-names';
import { html, raw, type Html } from './escape';
import type { DashboardInput } from './model';
import { LEVEL_NAMES } from './words';

/** Open alerts 预警 by rule, then by level, folded from AlertRaised / AlertCleared. */
export type OpenAlertCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

export const openAlertCounts = (open: OpenAlertsState, inScope: (caseId: string) => boolean): OpenAlertCounts => {
  const counts: Record<string, Record<string, number>> = {};
  for (const [caseId, alerts] of open) {
    if (!inScope(caseId)) continue;
    for (const a of alerts.values()) {
      const byLevel = (counts[a.rule] ??= {});
      byLevel[a.level] = (byLevel[a.level] ?? 0) + 1;
    }
  }
  return counts;
};

const RULE_NAMES: readonly [rule: string, label: string][] = [
  [DEFAULT_ALERT_RULE, '承诺时限 promised limit'],
  [STATUTORY_ALERT_RULE, '法定时限 statutory limit (行政许可法 §42)'],
];

const BAD_REVIEW_FIGURES: readonly [id: string, label: string][] = [
  ['badReviewContactOnTimeRate', '2 日内联系 contacted in 2 working days'],
  ['badReviewRectificationRate', '5/15 日内整改 rectified in 5 / 15 working days'],
  ['badReviewCallBackRate', '回访率 called back in 5 working days'],
];

const exact = (f: ReportFigure): string => (f.numerator !== null && f.denominator !== null ? `${f.numerator} / ${f.denominator}` : '');

/** Groups of a report with late entries, most first. */
const lateEntryRows = (report: Report | undefined) =>
  (report?.groups ?? [])
    .map((g) => ({ label: g.label, value: typeof g.figures.lateEntries?.value === 'number' ? g.figures.lateEntries.value : 0 }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));

const lateEntryTable = (title: string, report: Report | undefined): Html => {
  const rows = lateEntryRows(report);
  return rows.length === 0
    ? raw('')
    : html`<table data-late-entries="${title}"><thead><tr><th>${title}</th><th class="n">补录 late entries</th></tr></thead><tbody>${rows.map((r) => html`<tr><td>${r.label}</td><td class="n">${r.value}</td></tr>`)}</tbody></table>`;
};

/**
 * 电子监察 beyond the promised limit: the statutory watch (open cases by the statutory limit's
 * level, the cases past or near it, the alerts the scheduler holds open per rule), late entries 补录
 * by department and staff, and the 差评 "2、5、15" handling figures of the registry.
 */
export const supervision = (input: DashboardInput, anchorOf: (caseId: string) => string | undefined): Html => {
  const w = input.watch;
  const { names } = input;
  const statutory = [...w.cases]
    .filter((c) => c.statutory.level !== 'normal')
    .sort((a, b) => a.statutory.remainingWorkingDays - b.statutory.remainingWorkingDays || (a.caseNo < b.caseNo ? -1 : 1))
    .slice(0, 20);
  const alerts = input.openAlerts ?? {};
  const lateEntries = input.report.figures.lateEntries;
  return html`<section id="supervision"><h2>法定时限、补录与差评 Statutory limits, late entries and bad-review handling</h2><h3>法定时限 Statutory watch at ${localTime(w.at, input.zone)}</h3><ul class="cards">${WATCH_LEVELS.map(
    (level) => html`<li data-statutory-level="${level}"><small>${LEVEL_NAMES[level]}</small><b class="level-${level}">${w.statutoryCounts[level]}</b></li>`,
  )}</ul><table id="open-alerts"><thead><tr><th>在途预警 open alerts</th>${WATCH_LEVELS.slice(1).map((l) => html`<th class="n">${LEVEL_NAMES[l]}</th>`)}</tr></thead><tbody>${RULE_NAMES.map(
    ([rule, label]) => html`<tr data-rule="${rule}"><td>${label}</td>${WATCH_LEVELS.slice(1).map((l) => html`<td class="n">${alerts[rule]?.[l] ?? 0}</td>`)}</tr>`,
  )}</tbody></table>${
    statutory.length === 0
      ? html`<p class="empty">no open case near or past its statutory limit</p>`
      : html`<table id="statutory-cases"><thead><tr><th>办件 case</th><th>法定时限级别 statutory level</th><th>部门 department</th><th>法定到期 statutory due</th><th class="n">剩余工作日 working days left</th></tr></thead><tbody>${statutory.map((c) => {
          const anchor = anchorOf(c.caseId);
          return html`<tr><td>${anchor ? html`<a href="#${anchor}">${c.caseNo}</a>` : c.caseNo}</td><td class="level-${c.statutory.level}">${LEVEL_NAMES[c.statutory.level]}</td><td>${names.department(c.hallId, c.departmentId)}</td><td>${localTime(c.statutory.dueAt, names.zone(c.hallId))}</td><td class="n">${c.statutory.remainingWorkingDays}</td></tr>`;
        })}</tbody></table>`
  }<h3>补录 Late entries: ${lateEntries?.display ?? '0'}</h3>${lateEntryTable('部门 department', input.departments)}${lateEntryTable('人员 staff', input.staff)}<h3>差评处理 Bad-review handling ("2、5、15")</h3><ul class="cards">${BAD_REVIEW_FIGURES.map(([id, label]) => {
    const f = input.report.figures[id];
    return f ? html`<li data-figure="${id}"><small>${label}</small><b>${f.display}</b><small>${exact(f)}</small></li>` : raw('');
  })}</ul></section>`;
};
