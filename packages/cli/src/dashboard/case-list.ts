import type { TrailEntry } from '@banjian/projections';
import { html, type Html } from './escape';
import type { DashboardCase } from './model';
import { LEVEL_NAMES, STATUS_NAMES } from './words';

/** The anchor id of the n-th case of the list (never built from case data). */
export const caseAnchor = (index: number): string => `case-${index + 1}`;

/** What the filter box matches, lower-cased: ids, item, department, status and level in both languages. */
const searchText = (c: DashboardCase): string =>
  [c.caseId, c.caseNo, c.hallId, c.itemCode, c.departmentId ?? '', STATUS_NAMES[c.status], c.level ? LEVEL_NAMES[c.level] : '']
    .join(' ')
    .toLowerCase();

const trailRow = (e: TrailEntry): Html =>
  html`<tr><td class="n">${e.streamPosition}</td><td>${e.occurredAt}</td><td>${e.label.zh} ${e.label.en}</td><td>${e.actor.kind}:${e.actor.id}</td><td>${e.windowId ?? ''}</td><td>${e.departmentId ?? ''}</td><td>${e.change}</td><td class="hash" title="${e.hash}">${e.hash.slice(0, 12)}…</td></tr>`;

const trailTable = (entries: readonly TrailEntry[]): Html =>
  html`<table class="trail"><thead><tr><th class="n">#</th><th>时间 time</th><th>事件 event</th><th>操作人 actor</th><th>窗口 window</th><th>部门 department</th><th>变更 change</th><th>哈希 hash</th></tr></thead><tbody>${entries.map(trailRow)}</tbody></table>`;

/** The searchable case list: one expandable entry per case, its audit trail inside. */
export const caseList = (cases: readonly DashboardCase[], totalCases: number): Html =>
  html`<section id="cases"><h2>办件 Cases (<span id="case-count">${cases.length} / ${cases.length}</span>${
    totalCases > cases.length ? ` shown of ${totalCases}: open cases by urgency first, then the latest` : ''
  })</h2><input id="case-filter" type="search" placeholder="筛选 filter: case number, item, department, status…" aria-label="filter cases" autocomplete="off"><ol id="case-list">${cases.map(
    (c, i) =>
      html`<li id="${caseAnchor(i)}" data-search="${searchText(c)}"><details><summary><span><b>${c.caseNo}</b></span><span>${c.caseId}</span><span>${c.itemCode}</span><span>${STATUS_NAMES[c.status]}</span>${
        c.level ? html`<span class="level-${c.level}">${LEVEL_NAMES[c.level]}</span>` : ''
      }<span>${c.departmentId ?? ''}</span><span>${c.submittedAt}</span></summary>${trailTable(c.trail)}</details></li>`,
  )}</ol></section>`;
