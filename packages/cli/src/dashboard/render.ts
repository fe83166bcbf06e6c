import { createHash } from 'node:crypto';
import { STYLE, SCRIPT } from './assets';
import { localTime } from '../hall-names';
import { caseAnchor, caseList } from './case-list';
import { html, raw } from './escape';
import type { DashboardInput } from './model';
import { deadlineWatch, headline, monthly, onTimeByDepartment, satisfaction } from './sections';
import { anomalies } from './audit-section';
import { supervision } from './supervision-section';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Nothing may be fetched and only the page's own script and style may run: a case's user text
 * that slipped through escaping could still not execute or call out.
 */
const CONTENT_SECURITY_POLICY = `default-src 'none'; img-src data:; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}`;

/**
 * The hall dashboard 大厅看板 as one self-contained HTML file: inline SVG charts, inline CSS and
 * script, every embedded string escaped. A pure function of the projections' outputs.
 */
export const renderDashboard = (input: DashboardInput): string => {
  const anchors = new Map(input.cases.map((c, i) => [c.caseId, caseAnchor(i)]));
  const { report } = input;
  const hall = report.hall ? report.hall.name : '全部大厅 all halls';
  const highlighted = input.cases.find((c) => c.caseId === input.highlight);
  const demoCase = highlighted
    ? html`<p class="demo-case">演示案例 the demo's case: <a href="#${anchors.get(highlighted.caseId)!}">${highlighted.caseNo}</a> (${highlighted.caseId}), first in the case list below</p>`
    : raw('');
  const page = html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${input.title}</title><style>${raw(STYLE)}</style></head>
<body><header><h1>${input.title}</h1><p class="meta">${hall} · 期间 period ${report.period.from} ≤ date &lt; ${report.period.to} (${report.period.zone}) · 检查点 checkpoint ${report.checkpoint} · 日历版本 calendar ${report.calendarVersion} · as of ${localTime(input.at, input.zone)}</p>${demoCase}${headline(input)}</header>
${monthly(input)}
${onTimeByDepartment(input)}
${satisfaction(input)}
${deadlineWatch(input, (caseId) => anchors.get(caseId))}
${supervision(input, (caseId) => anchors.get(caseId))}
${anomalies(input.audit, (caseId) => anchors.get(caseId))}
${caseList(input)}
<script>${raw(SCRIPT)}</script></body></html>
`;
  return page.html;
};
