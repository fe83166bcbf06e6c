import { percentFigure, WATCH_LEVELS, type ReportFigure } from '@banjian/projections';
import { localTime } from '../hall-names';
import { barChart, horizontalBarChart, lineChart, zoomedPercentAxis } from './charts';
import { html, raw, type Html } from './escape';
import type { DashboardInput } from './model';
import { LEVEL_NAMES, SATISFACTION_LEVELS } from './words';

const HEADLINE: readonly [id: string, label: string][] = [
  ['applications', '申请 applications'],
  ['accepted', '受理 accepted'],
  ['completed', '办结 completed'],
  ['completionRate', '办结率 completion rate'],
  ['onTimeRate', '按时办结率 on-time rate'],
  ['satisfactionRate', '满意率 satisfaction'],
];

/** Month keys (`2025-03…`) as axis labels that fit under a bar: `3月` within one year, `25-03` across years. */
export const monthLabels = (keys: readonly string[]): string[] => {
  const oneYear = new Set(keys.map((k) => k.slice(0, 4))).size <= 1;
  return keys.map((k) => (oneYear ? `${Number(k.slice(5, 7))}月` : k.slice(2, 7)));
};

const numberOf = (f: ReportFigure | undefined): number | null => (typeof f?.value === 'number' ? f.value : null);

const exact = (f: ReportFigure): string => (f.numerator !== null && f.denominator !== null ? `${f.numerator} / ${f.denominator}` : f.definition);

export const headline = (input: DashboardInput): Html =>
  html`<ul class="cards">${HEADLINE.map(([id, label]) => {
    const f = input.report.figures[id];
    return f ? html`<li data-figure="${id}"><small>${label}</small><b>${f.display}</b><small>${exact(f)}</small></li>` : raw('');
  })}</ul>`;

/** Applications, acceptances and completions of each month of the period. */
export const monthly = (input: DashboardInput): Html => {
  const groups = input.report.groups ?? [];
  const series = (id: string, name: string) => ({ name, values: groups.map((g) => numberOf(g.figures[id])) });
  return html`<section id="monthly"><h2>月度办件 Applications, acceptances and completions by month</h2>${barChart({
    title: 'applications, acceptances and completions by month',
    categories: monthLabels(groups.map((g) => g.key)),
    series: [series('applications', '申请 applications'), series('accepted', '受理 accepted'), series('completed', '办结 completed')],
    unit: ' 件',
  })}</section>`;
};

/** On-time rate 按时办结率 of each department, with the exact counts behind it. */
export const onTimeByDepartment = (input: DashboardInput): Html => {
  // A department with no completions in the period has no on-time rate to draw.
  const groups = (input.departments.groups ?? []).filter((g) => (g.figures.onTimeRate?.denominator ?? 0) > 0);
  // The group's label is the department's registered name (the report looks it up).
  const rows = groups.map((g) => ({ label: g.label, figure: g.figures.onTimeRate }));
  const values = rows.map((r) => numberOf(r.figure));
  return html`<section id="on-time"><h2>按时办结率 On-time rate by department</h2>${
    rows.length === 0
      ? html`<p class="empty">no completions in the period</p>`
      : horizontalBarChart({ title: 'on-time rate by department', categories: rows.map((r) => r.label), series: [{ name: '按时办结率', values }], ...zoomedPercentAxis(values), unit: '%' })
  }</section>`;
};

/** Distribution of evaluation levels (好差评) and the monthly satisfaction rate. */
export const satisfaction = (input: DashboardInput): Html => {
  const s = input.satisfaction;
  const trend = s.byMonth.map((m) => ({ month: m.month, figure: percentFigure('satisfactionRate', m.satisfied, m.evaluations) }));
  return html`<section id="satisfaction"><h2>满意度 Satisfaction (${s.evaluations.valid} valid evaluations, ${s.evaluations.excluded} excluded after appeal)</h2><div class="pair"><div><h3>评价分布 Distribution</h3>${barChart({
    title: 'evaluations by level',
    categories: SATISFACTION_LEVELS.map(([, label]) => label),
    series: [{ name: '评价 evaluations', values: SATISFACTION_LEVELS.map(([level]) => s.distribution[level]) }],
    unit: ' 件',
  })}</div><div><h3>月度满意率 Monthly satisfaction rate</h3>${
    trend.length === 0
      ? html`<p class="empty">no evaluations in the period</p>`
      : lineChart({ title: 'satisfaction rate by month', categories: monthLabels(trend.map((t) => t.month)), series: [{ name: '满意率', values: trend.map((t) => t.figure.value as number | null) }], ...zoomedPercentAxis(trend.map((t) => t.figure.value as number | null)), unit: '%' })
  }</div></div></section>`;
};

/** Open cases by alert level (电子监察), per department, and the most urgent cases: least time left first. */
export const deadlineWatch = (input: DashboardInput, anchorOf: (caseId: string) => string | undefined): Html => {
  const w = input.watch;
  const { names, zone } = input;
  const levels = WATCH_LEVELS;
  const urgent = [...w.cases]
    .sort((a, b) => a.remainingWorkingDays - b.remainingWorkingDays || Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.caseNo < b.caseNo ? -1 : 1))
    .slice(0, 20);
  return html`<section id="watch"><h2>时限预警 Deadline watch at ${localTime(w.at, zone)}: ${w.open} open</h2><ul class="cards">${levels.map(
    (level) => html`<li data-level="${level}"><small>${LEVEL_NAMES[level]}</small><b class="level-${level}">${w.counts[level]}</b></li>`,
  )}</ul>${
    w.byDepartment.length === 0
      ? html`<p class="empty">no open cases</p>`
      : html`<table><thead><tr><th>部门 department</th><th class="n">在办 open</th>${levels.map((l) => html`<th class="n">${LEVEL_NAMES[l]}</th>`)}</tr></thead><tbody>${w.byDepartment.map(
          (g) => html`<tr><td>${names.hall(g.hallId)} ${names.department(g.hallId, g.id)}</td><td class="n">${g.open}</td>${levels.map((l) => html`<td class="n">${g.counts[l]}</td>`)}</tr>`,
        )}</tbody></table>`
  }${
    urgent.length === 0
      ? raw('')
      : html`<h3>在办 Open cases, most urgent first: least time left${w.open > urgent.length ? ` (${urgent.length} of ${w.open})` : ''}</h3><table id="urgent"><thead><tr><th>办件 case</th><th>级别 level</th><th>事项 item</th><th>部门 department</th><th>到期 due</th><th class="n">剩余工作日 working days left</th></tr></thead><tbody>${urgent.map((c) => {
          const anchor = anchorOf(c.caseId);
          return html`<tr><td>${anchor ? html`<a href="#${anchor}">${c.caseNo}</a>` : c.caseNo}</td><td class="level-${c.level}">${LEVEL_NAMES[c.level]}</td><td>${names.item(c.hallId, c.itemCode)}</td><td>${names.department(c.hallId, c.departmentId)}</td><td>${localTime(c.dueAt, names.zone(c.hallId))}</td><td class="n">${c.remainingWorkingDays}</td></tr>`;
        })}</tbody></table>`
  }</section>`;
};
