import type { Finding } from './finding';
import type { AuditReport } from './report';

const measuredText = (m: Finding['measured']): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');

/** The audit for people: counts per definition, every finding on one line, the department table. */
export const renderAuditText = (report: AuditReport): string => {
  const lines: string[] = [];
  const share = report.cases > 0 ? ` (${((report.findings.length / report.cases) * 100).toFixed(2)} % of ${report.cases} cases submitted)` : '';
  lines.push(`异常办件 anomaly findings ${report.period.from} – ${report.period.to} (${report.period.zone})${report.hall ? `, hall ${report.hall}` : ''}, checkpoint ${report.checkpoint}`);
  lines.push(`${report.findings.length} findings${share}`);
  for (const d of report.definitions) {
    const n = report.counts[d.definition] ?? 0;
    const thresholds = d.thresholds.map((k) => `${k}=${report.thresholds[k]}`).join(' ');
    lines.push(`  ${d.definition.padEnd(22)} ${String(n).padStart(5)}  ${d.zh} ${d.en}${thresholds ? ` [${thresholds}]` : ''}`);
  }
  if (report.findings.length > 0) lines.push('', 'findings (definition, severity, case, staff, department, business time, positions):');
  for (const f of report.findings) {
    const who = `${f.caseId ?? `${f.caseIds.length} cases`} staff ${f.staffId ?? '-'} dept ${f.departmentId ?? '-'}`;
    lines.push(`  ${f.definition} ${f.severity} ${who} at ${f.at} positions ${f.positions.join(',')}: ${f.detail}`);
  }
  const departments = report.departments.filter((d) => d.cases > 0 || d.badReviews > 0 || d.lateEntries > 0);
  if (departments.length > 0) {
    lines.push('', 'departments (cases, suspended share, bad reviews excluded/all, late entries):');
    for (const d of departments) {
      lines.push(`  ${d.hallId}/${d.departmentId}: ${d.cases} cases, suspended ${Math.round(d.suspendedShare * 100)} %, excluded ${d.badReviewsExcluded}/${d.badReviews}, late entries ${d.lateEntries}`);
    }
  }
  if (report.staff.length > 0) {
    lines.push('', 'late entries 补录 by staff:');
    for (const s of report.staff) lines.push(`  ${s.hallId}/${s.staffId} (${s.departmentId ?? '-'}): ${s.lateEntries}`);
  }
  return `${lines.join('\n')}\n`;
};

const CSV_COLUMNS = ['definition', 'kind', 'severity', 'hall', 'case', 'cases', 'staff', 'department', 'at', 'positions', 'measured', 'detail'] as const;

const cell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The findings as CSV (RFC 4180): one row a finding; lists space-separated, measured as k=v;k=v. */
export const auditCsv = (report: AuditReport): string => {
  const rows = report.findings.map((f) =>
    [f.definition, f.kind, f.severity, f.hallId, f.caseId ?? '', f.caseIds.join(' '), f.staffId ?? '', f.departmentId ?? '', f.at, f.positions.join(' '), measuredText(f.measured), f.detail]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
};
