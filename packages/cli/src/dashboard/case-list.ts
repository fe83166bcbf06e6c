import type { TrailEntry } from '@banjian/projections';
import { localTime, type HallNames } from '../hall-names';
import { html, type Html } from './escape';
import type { DashboardCase } from './model';
import { LEVEL_NAMES, STATUS_NAMES } from './words';

/** The anchor id of the n-th case of the list (never built from case data). */
export const caseAnchor = (index: number): string => `case-${index + 1}`;

/** Cases a page of the list shows; the page's script pages through the rest (no 20,000-pixel page). */
export const CASES_PER_PAGE = 25;

/** What the filter box matches, lower-cased: number, id, names (Chinese) and codes, status and level in both languages. */
const searchText = (c: DashboardCase, names: HallNames): string =>
  [
    c.caseNo, c.caseId, names.hall(c.hallId), c.hallId, names.item(c.hallId, c.itemCode), c.itemCode,
    c.departmentId ? `${names.department(c.hallId, c.departmentId)} ${c.departmentId}` : '',
    STATUS_NAMES[c.status], c.level ? LEVEL_NAMES[c.level] : '',
  ]
    .join(' ')
    .toLowerCase();

/** Where an event happened, by name: the window and the department. */
const whereOf = (e: TrailEntry, hallId: string, names: HallNames): [window: string, department: string] => [
  e.windowId ? names.window(hallId, e.windowId) : '',
  e.departmentId ? names.department(hallId, e.departmentId) : '',
];

const trailRow = (e: TrailEntry, c: DashboardCase, names: HallNames, zone: string): Html => {
  const [window, department] = whereOf(e, c.hallId, names);
  return html`<tr><td class="n">${e.streamPosition}</td><td title="${e.occurredAt}">${localTime(e.occurredAt, zone)}</td><td>${e.label.zh} ${e.label.en}</td><td>${e.actor.kind}:${e.actor.id}</td><td>${window}</td><td>${department}</td><td>${e.change}</td><td class="hash" title="${e.hash}">${e.hash.slice(0, 12)}…</td></tr>`;
};

const trailTable = (c: DashboardCase, names: HallNames, zone: string): Html =>
  html`<table class="trail"><thead><tr><th class="n">#</th><th>时间 time</th><th>事件 event</th><th>操作人 actor</th><th>窗口 window</th><th>部门 department</th><th>变更 change</th><th>哈希 hash</th></tr></thead><tbody>${c.trail.map((e) => trailRow(e, c, names, zone))}</tbody></table>`;

export interface CaseListInput {
  readonly cases: readonly DashboardCase[];
  readonly totalCases: number;
  readonly names: HallNames;
  readonly zone: string;
  readonly highlight?: string;
}

/** The searchable case list, a page at a time: one expandable entry per case, its audit trail inside. */
export const caseList = ({ cases, totalCases, names, zone, highlight }: CaseListInput): Html =>
  html`<section id="cases"><h2>办件 Cases (<span id="case-count">${cases.length} / ${cases.length}</span>${
    totalCases > cases.length ? ` listed of ${totalCases}: open cases by urgency first, then the latest` : ''
  })</h2><input id="case-filter" type="search" placeholder="筛选 filter: 办件号, 事项, 部门, 状态 — case number, item, department, status…" aria-label="filter cases" autocomplete="off"><ol id="case-list" data-page-size="${CASES_PER_PAGE}">${cases.map(
    (c, i) =>
      html`<li id="${caseAnchor(i)}" data-search="${searchText(c, names)}"${c.caseId === highlight ? html` class="highlight"` : ''}><details><summary><span><b>${c.caseNo}</b></span>${
        c.caseId === highlight ? html`<span class="tag">演示案例 the demo's case</span>` : ''
      }<span>${names.item(c.hallId, c.itemCode)}</span><span>${STATUS_NAMES[c.status]}</span>${
        c.level ? html`<span class="level-${c.level}">${LEVEL_NAMES[c.level]}</span>` : ''
      }<span>${c.departmentId ? names.department(c.hallId, c.departmentId) : ''}</span><span>${localTime(c.submittedAt, zone)}</span></summary><p class="ids">${c.caseId} · ${names.hall(c.hallId)} · ${c.itemCode}</p>${trailTable(c, names, zone)}</details></li>`,
  )}</ol><nav id="case-pages" aria-label="case list pages"><button type="button" id="page-prev">‹ 上一页 previous</button> <span id="page-of"></span> <button type="button" id="page-next">下一页 next ›</button></nav></section>`;
