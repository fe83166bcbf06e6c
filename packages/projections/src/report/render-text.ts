import { FIGURE_DEFINITIONS, FIGURE_IDS } from '../figures/definitions';
import type { Report, ReportFigure } from './build-report';

const line = (id: (typeof FIGURE_IDS)[number], f: ReportFigure): string => {
  const def = FIGURE_DEFINITIONS[id];
  const label = id === 'yearOverYear' && f.of ? `${def.zh}(${FIGURE_DEFINITIONS[f.of as typeof id].zh}) ${def.en} (${f.of}, ${f.basis})` : `${def.zh} ${def.en}`;
  const unit = f.unit && f.unit !== '%' && !/万元|[A-Z]{3}/.test(f.display) ? ` ${f.unit}` : '';
  const exact = f.numerator !== null && f.denominator !== null ? `  (${f.numerator} / ${f.denominator})` : '';
  const parts = f.parts ? `  [${Object.entries(f.parts).map(([k, v]) => `${k} ${v}`).join(', ')}]` : '';
  return `  ${label}: ${f.display}${unit}${exact}${parts}`;
};

const block = (figures: Record<string, ReportFigure>): string[] =>
  FIGURE_IDS.filter((id) => figures[id]).map((id) => line(id, figures[id]!));

/** The report for people: Chinese and English labels, exact numerators and denominators. */
export const renderReportText = (report: Report): string => {
  const hall = report.hall ? `${report.hall.name} (${report.hall.id})` : '全部大厅 all halls';
  const out = [
    `办件统计报告 banjian report — ${hall}`,
    `期间 period: ${report.period.from} ≤ date < ${report.period.to} (${report.period.zone})`,
    `检查点 checkpoint: ${report.checkpoint}   日历版本 calendar: ${report.calendarVersion}`,
    ...block(report.figures),
  ];
  for (const group of report.groups ?? []) {
    out.push('', `— ${report.by} ${group.label === group.key ? group.key : `${group.label} (${group.key})`}`, ...block(group.figures));
  }
  return `${out.join('\n')}\n`;
};
