import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { givenDashboard, HOSTILE, withHostileText } from './dashboard.fixture';
import { renderDashboard } from './render';

describe('renderDashboard', () => {
  it('given a simulated hall, when rendered, then every section is there with the report\'s own figures', async () => {
    const input = await givenDashboard();
    const page = renderDashboard(input);
    for (const id of ['monthly', 'on-time', 'satisfaction', 'watch', 'cases']) expect(page).toContain(`<section id="${id}">`);
    for (const id of ['applications', 'accepted', 'completed', 'onTimeRate', 'satisfactionRate']) {
      expect(page).toContain(`<li data-figure="${id}">`);
      expect(page).toContain(`<b>${input.report.figures[id]!.display}</b>`);
    }
    expect(page.match(/<li id="case-\d+" data-search=/g)).toHaveLength(input.cases.length);
    expect(page.match(/<table class="trail">/g)).toHaveLength(input.cases.length);
    expect(page).toContain(`检查点 checkpoint ${input.report.checkpoint}`);
  });

  it('given a simulated hall, when rendered, then the statutory watch, open alerts per rule, late entries and 差评 handling figures are shown', async () => {
    const input = await givenDashboard();
    const page = renderDashboard(input);
    const section = /<section id="supervision">([\s\S]*?)<\/section>/.exec(page)![1]!;
    for (const [level, n] of Object.entries(input.watch.statutoryCounts)) expect(section).toMatch(new RegExp(`data-statutory-level="${level}"><small>[^<]+</small><b class="level-${level}">${n}</b>`));
    for (const rule of ['promisedLimit', 'statutoryLimit']) {
      const row = new RegExp(`<tr data-rule="${rule}">(.*?)</tr>`).exec(section)![1]!;
      const cells = [...row.matchAll(/<td class="n">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      expect(cells).toEqual(['approaching', 'overdue', 'yellowCard', 'redCard'].map((l) => input.openAlerts?.[rule]?.[l] ?? 0));
    }
    expect(section).toContain(`<h3>补录 Late entries: ${input.report.figures.lateEntries!.display}</h3>`);
    for (const id of ['badReviewContactOnTimeRate', 'badReviewRectificationRate', 'badReviewCallBackRate']) {
      expect(section).toContain(`<li data-figure="${id}">`);
      expect(section).toContain(`<b>${input.report.figures[id]!.display}</b>`);
    }

    // Late entries by department and staff, and cases near or past their statutory limit, are listed when there are any.
    const [first] = input.watch.cases;
    const late = (report: typeof input.departments, label: string) => ({ ...report, groups: [{ ...report.groups![0]!, label, figures: { ...report.groups![0]!.figures, lateEntries: { ...input.report.figures.lateEntries!, value: 2 } } }] });
    const crafted = renderDashboard({
      ...input,
      departments: late(input.departments, 'D-late'),
      staff: late(input.staff!, 'S-late'),
      watch: { ...input.watch, cases: [{ ...first!, caseNo: 'N-statutory', statutory: { ...first!.statutory, level: 'overdue', remainingWorkingDays: -2 } }] },
    });
    expect(crafted).toMatch(/<tr><td>D-late<\/td><td class="n">2<\/td><\/tr>/);
    expect(crafted).toMatch(/<tr><td>S-late<\/td><td class="n">2<\/td><\/tr>/);
    expect(/<table id="statutory-cases">([\s\S]*?)<\/table>/.exec(crafted)![1]).toContain('N-statutory');
  });

  it('given the same input twice, when rendered, then the pages are identical byte for byte', async () => {
    const input = await givenDashboard();
    expect(renderDashboard(input)).toBe(renderDashboard(input));
  });

  it('given hostile user text in the title, a case, its trail and a department, when rendered, then none of it is markup', async () => {
    const page = renderDashboard(withHostileText(await givenDashboard()));
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;&quot;&#39;&amp;');
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('given the page, then it fetches nothing and its policy allows exactly its own script and style', async () => {
    const page = renderDashboard(await givenDashboard());
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1]!.replace(/&#39;/g, "'");
    const digest = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const script = /<script>([\s\S]*)<\/script>/.exec(page)![1]!;
    const style = /<style>([\s\S]*)<\/style>/.exec(page)![1]!;
    expect(policy).toBe(`default-src 'none'; img-src data:; style-src ${digest(style)}; script-src ${digest(script)}`);
  });

  it('given the deadline watch, then departments and items are named, times are local, and the most urgent cases come by time left', async () => {
    const input = await givenDashboard();
    const page = renderDashboard(input);
    const watch = /<section id="watch">([\s\S]*?)<\/section>/.exec(page)![1]!;
    for (const g of input.watch.byDepartment) {
      const name = input.names.department(g.hallId, g.id);
      expect(name).not.toBe(g.id);
      expect(watch).toContain(`<td>${input.names.hall(g.hallId)} ${name}</td>`);
    }
    expect(watch).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    const first = input.watch.cases[0]!;
    expect(watch).toContain(`<td>${input.names.item(first.hallId, first.itemCode)}</td>`);

    // The watch lists by severity; the table puts the least time left first.
    const bySeverity = [
      { ...first, caseNo: 'N-yellow', level: 'yellowCard' as const, remainingWorkingDays: -0.5 },
      { ...first, caseNo: 'N-approaching', level: 'approaching' as const, remainingWorkingDays: 6 },
      { ...first, caseNo: 'N-normal', level: 'normal' as const, remainingWorkingDays: 3 },
      { ...first, caseNo: 'N-red', level: 'redCard' as const, remainingWorkingDays: -4 },
    ];
    const urgentPage = renderDashboard({ ...input, watch: { ...input.watch, open: 4, cases: bySeverity } });
    const urgent = /<table id="urgent">([\s\S]*?)<\/table>/.exec(urgentPage)![1]!;
    expect([...urgent.matchAll(/>(N-[a-z]+)</g)].map((m) => m[1])).toEqual(['N-red', 'N-yellow', 'N-normal', 'N-approaching']);
  });
});

