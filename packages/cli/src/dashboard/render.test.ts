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

