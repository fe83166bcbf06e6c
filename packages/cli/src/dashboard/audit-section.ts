import type { AuditReport, FindingKind } from '@banjian/projections';
import { html, raw, type Html } from './escape';

const KINDS: readonly [FindingKind, string][] = [
  ['backdated', '倒签/补录 back-dated'],
  ['offSystem', '体外循环 outside the system'],
  ['resubmission', '撤回重报 resubmitted'],
  ['clockStop', '挂起/延期 clock stops'],
  ['evaluationPadding', '刷好评 evaluation padding'],
  ['badReviewRemoval', '删差评 bad reviews removed'],
];

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** At most this many findings are listed (high severity first); the counts cover them all. */
export const MAX_LISTED_FINDINGS = 50;

/**
 * 异常办件 Anomaly findings of the period (`banjian audit`): counts per kind and per definition with
 * its thresholds, and the findings themselves with the positions an auditor checks by hand.
 */
export const anomalies = (audit: AuditReport | undefined, anchorOf: (caseId: string) => string | undefined): Html => {
  if (!audit) return raw('');
  const byKind = new Map<FindingKind, number>();
  for (const f of audit.findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const listed = [...audit.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.at.localeCompare(b.at)).slice(0, MAX_LISTED_FINDINGS);
  const caseCell = (caseId: string | null, count: number) => {
    if (caseId === null) return `${count} cases`;
    const anchor = anchorOf(caseId);
    return anchor ? html`<a href="#${anchor}">${caseId}</a>` : caseId;
  };
  return html`<section id="anomalies"><h2>异常办件 Anomaly findings: ${audit.findings.length} in ${audit.cases} cases (checkpoint ${audit.checkpoint})</h2><ul class="cards">${KINDS.map(
    ([kind, label]) => html`<li data-kind="${kind}"><small>${label}</small><b>${byKind.get(kind) ?? 0}</b></li>`,
  )}</ul><table><thead><tr><th>定义 definition</th><th class="n">件 findings</th><th>阈值 thresholds</th></tr></thead><tbody>${audit.definitions.map(
    (d) => html`<tr><td>${d.definition} ${d.zh}</td><td class="n">${audit.counts[d.definition] ?? 0}</td><td>${d.thresholds.map((k) => `${k}=${audit.thresholds[k]}`).join(' ')}</td></tr>`,
  )}</tbody></table>${
    listed.length === 0
      ? html`<p class="empty">no findings in the period</p>`
      : html`<h3>发现 Findings${audit.findings.length > listed.length ? ` (${listed.length} of ${audit.findings.length}, high severity first)` : ''}</h3><table><thead><tr><th>定义 definition</th><th>严重 severity</th><th>办件 case</th><th>人员 staff</th><th>部门 department</th><th>时间 at</th><th>位置 positions</th><th>说明 detail</th></tr></thead><tbody>${listed.map(
          (f) => html`<tr data-definition="${f.definition}"><td>${f.definition}</td><td>${f.severity}</td><td>${caseCell(f.caseId, f.caseIds.length)}</td><td>${f.staffId ?? '—'}</td><td>${f.departmentId ?? '—'}</td><td>${f.at}</td><td>${f.positions.slice(0, 12).join(', ')}${f.positions.length > 12 ? ' …' : ''}</td><td>${f.detail}</td></tr>`,
        )}</tbody></table>`
  }</section>`;
};
