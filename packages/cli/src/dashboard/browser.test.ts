import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenDashboard, withHostileText } from './dashboard.fixture';
import { CASES_PER_PAGE } from './case-list';
import { renderDashboard } from './render';

/** Debian's chromium, installed by `.ci/run`; the test runs in CI, never skipped. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** How long the page may take to show a change on a busy machine. */
const SETTLED = { timeout: 5_000 };
const ARTIFACTS = resolve(import.meta.dirname, '../../../../test-artifacts');

/** The texts of the charts whose box reaches outside their SVG's view box (a clipped label). */
const CLIPPED_TEXTS = `(() => {
  const out = [];
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const [x0, y0, w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < x0 - 0.5 || b.y < y0 - 0.5 || b.x + b.width > x0 + w + 0.5 || b.y + b.height > y0 + h + 0.5) out.push(t.textContent);
    }
  }
  return out;
})()`;

/** Characters of the page's headings and names, each a different glyph in any CJK font. */
const PROBED = ['办', '件', '看', '板', '满', '意', '部', '门'];
/** Draws each probed character and a code point no font has on a canvas in the page's font; compares the pixels. */
const TOFU_PROBE = `(() => {
  const family = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (ch) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = '36px ' + family;
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 4, 38);
    return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(',');
  };
  const missing = draw(String.fromCodePoint(0x10fffd));
  const chars = ${JSON.stringify(PROBED)};
  const images = chars.map(draw);
  const empty = draw(' ');
  return {
    distinct: new Set(images).size,
    likeMissing: chars.filter((c, i) => images[i] === missing),
    blank: chars.filter((c, i) => images[i] === empty),
  };
})()`;

let dir: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const failedRequests: string[] = [];
const requests: string[] = [];
let caseNo: string;
let hostileCaseNo: string;
let total: number;
/** A Chinese department name of a listed case, and how many listed cases it matches. */
let department: { name: string; matches: number };
/** The case the header points at (the demo's showcase): one from the middle of the list. */
let highlighted: { caseNo: string; caseId: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banjian-dashboard-'));
  const plain = await givenDashboard();
  const middle = plain.cases[80]!;
  highlighted = { caseNo: middle.caseNo, caseId: middle.caseId };
  const input = withHostileText(await givenDashboard({ highlight: middle.caseId }));
  caseNo = input.cases[3]!.caseNo;
  hostileCaseNo = input.cases[0]!.caseNo;
  total = input.cases.length;
  const withDepartment = input.cases.slice(1).find((c) => c.departmentId !== undefined)!;
  const name = input.names.department(withDepartment.hallId, withDepartment.departmentId!);
  department = { name, matches: input.cases.filter((c) => c.departmentId !== undefined && input.names.department(c.hallId, c.departmentId) === name).length };
  const file = join(dir, 'dashboard.html');
  writeFileSync(file, renderDashboard(input));
  context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('requestfailed', (r) => failedRequests.push(r.url()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => consoleErrors.push(`dialog: ${d.message()}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
});

const visibleCases = () => page.locator('#case-list > li:visible');

describe('the dashboard in Chromium', () => {
  it('given the page opened from a file, then nothing errs and nothing but the file itself is requested', async () => {
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:'))).toEqual([]);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('given the Chinese text of the page, then it renders as glyphs, not as boxes (tofu): a CJK font is installed', async () => {
    // Each character drawn in the page's own font stack: with no CJK font they all come out as the
    // same missing-glyph box (or nothing), the image of a code point no font has.
    const glyphs = (await page.evaluate(TOFU_PROBE)) as { distinct: number; likeMissing: string[]; blank: string[] };
    expect(glyphs.likeMissing, 'characters drawn as the missing-glyph box').toEqual([]);
    expect(glyphs.blank, 'characters drawn as nothing').toEqual([]);
    expect(glyphs.distinct).toBe(PROBED.length);
  });

  it('given the charts, then each is an SVG of non-zero size with bars or points of non-zero size', async () => {
    for (const [section, mark] of [['#monthly', 'rect.bar'], ['#on-time', 'rect.bar'], ['#satisfaction', 'rect.bar'], ['#satisfaction', 'circle.point']] as const) {
      const svg = page.locator(`${section} svg`).first();
      const box = await svg.boundingBox();
      expect(box && box.width > 0 && box.height > 0, `${section} svg has a size`).toBe(true);
      const marks = await page.locator(`${section} ${mark}`).evaluateAll((els) => els.map((e) => (e as unknown as { getBBox(): { width: number; height: number } }).getBBox()).map((b) => b.width * b.height));
      expect(marks.length, `${section} ${mark}`).toBeGreaterThan(0);
      expect(marks.some((area) => area > 0), `${section} ${mark} drawn`).toBe(true);
    }
  });

  it('given the search box, when a case number is typed, then only that case is listed, and clearing it lists the first page again', async () => {
    expect(total).toBeGreaterThan(CASES_PER_PAGE);
    expect(await visibleCases().count()).toBe(CASES_PER_PAGE);
    expect(await page.textContent('#case-count')).toBe(`${total} / ${total}`);
    await page.fill('#case-filter', caseNo.toLowerCase());
    await expect.poll(() => visibleCases().count(), SETTLED).toBe(1);
    expect(await visibleCases().first().locator('summary b').textContent()).toBe(caseNo);
    expect(await page.textContent('#case-count')).toBe(`1 / ${total}`);
    await page.fill('#case-filter', 'no such case at all');
    await expect.poll(() => visibleCases().count(), SETTLED).toBe(0);
    await page.fill('#case-filter', '');
    await expect.poll(() => visibleCases().count(), SETTLED).toBe(CASES_PER_PAGE);
  });

  it('given a department name typed in Chinese, then the cases of that department are listed', async () => {
    expect(department.name).toMatch(/\p{Script=Han}/u);
    await page.fill('#case-filter', department.name);
    await expect.poll(() => page.textContent('#case-count'), SETTLED).toBe(`${department.matches} / ${total}`);
    expect(await visibleCases().count()).toBe(Math.min(department.matches, CASES_PER_PAGE));
    for (const text of await visibleCases().locator('summary').allTextContents()) expect(text).toContain(department.name);
    await page.fill('#case-filter', '');
  });

  it('given the case list, then it is paged: next shows the following cases, and the page stays short', async () => {
    const firstPage = await visibleCases().locator('summary b').allTextContents();
    await page.click('#page-next');
    await expect.poll(() => page.textContent('#page-of'), SETTLED).toContain('第 2 /');
    const secondPage = await visibleCases().locator('summary b').allTextContents();
    expect(secondPage).toHaveLength(CASES_PER_PAGE);
    expect(secondPage.some((no) => firstPage.includes(no))).toBe(false);
    expect(await page.locator('#case-list > li').nth(CASES_PER_PAGE).isVisible()).toBe(true);
    await page.click('#page-prev');
    await expect.poll(() => page.textContent('#page-of'), SETTLED).toContain('第 1 /');
    const height = await page.evaluate('document.documentElement.scrollHeight');
    expect(height as number).toBeLessThan(8_000);
  });

  it('given a link to a case on a later page, when followed, then that page is shown with the case open', async () => {
    await page.evaluate(`location.hash = '#case-${total - 1}'`);
    await expect.poll(() => page.locator(`#case-${total - 1} details`).getAttribute('open'), SETTLED).toBe('');
    expect(await page.locator(`#case-${total - 1}`).isVisible()).toBe(true);
    await page.evaluate(`history.replaceState(null, '', '#')`);
  });

  it('given the demo\'s highlighted case, then the header links to it and it is first in the list, marked', async () => {
    const link = page.locator('header .demo-case a');
    // (the fixture made this case's number hostile text too; it starts with the real one)
    expect(hostileCaseNo.startsWith(highlighted.caseNo)).toBe(true);
    expect(await link.textContent()).toBe(hostileCaseNo);
    expect(await page.locator('#case-list > li').first().getAttribute('class')).toBe('highlight');
    await link.click();
    await expect.poll(() => page.locator('#case-list > li').first().locator('details').getAttribute('open'), SETTLED).toBe('');
  });

  it('given the charts, then no label is clipped: every text lies inside its SVG', async () => {
    const outside = (await page.evaluate(CLIPPED_TEXTS)) as string[];
    expect(outside).toEqual([]);
  });

  it('given the page, then times are on the hall\'s clock, not raw ISO-8601 strings', async () => {
    const text = (await page.evaluate('document.body.innerText')) as string;
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(text).toMatch(/as of \d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('given a case, when its summary is clicked, then its audit trail opens with the submission first', async () => {
    await page.fill('#case-filter', caseNo);
    const item = visibleCases().first();
    await item.locator('summary').click();
    const trail = item.locator('table.trail');
    await expect.poll(() => trail.isVisible(), SETTLED).toBe(true);
    expect(await trail.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await trail.locator('tbody tr').first().textContent()).toContain('application submitted');
    await page.fill('#case-filter', '');
  });

  it('given a link from the deadline watch, when followed, then the linked case is shown with its trail open', async () => {
    const link = page.locator('#watch a[href^="#case-"]').first();
    const target = (await link.getAttribute('href'))!.slice(1);
    await link.click();
    await expect.poll(() => page.locator(`#${target} details`).getAttribute('open'), SETTLED).toBe('');
  });

  it('given the hostile case, then its text shows as text, and a screenshot is kept', async () => {
    expect(await page.locator('#case-list > li').first().locator('summary b').textContent()).toBe(hostileCaseNo);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });
});
