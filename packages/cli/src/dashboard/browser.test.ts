import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenDashboard, withHostileText } from './dashboard.fixture';
import { renderDashboard } from './render';

/** Debian's chromium, installed by `.ci/run`; the test runs in CI, never skipped. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** How long the page may take to show a change on a busy machine. */
const SETTLED = { timeout: 5_000 };
const ARTIFACTS = resolve(import.meta.dirname, '../../../../test-artifacts');

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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banjian-dashboard-'));
  const input = withHostileText(await givenDashboard());
  caseNo = input.cases[3]!.caseNo;
  hostileCaseNo = input.cases[0]!.caseNo;
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

  it('given the search box, when a case number is typed, then only that case is listed, and clearing it lists all again', async () => {
    const all = await visibleCases().count();
    expect(all).toBeGreaterThan(10);
    await page.fill('#case-filter', caseNo.toLowerCase());
    await expect.poll(() => visibleCases().count(), SETTLED).toBe(1);
    expect(await visibleCases().first().locator('summary b').textContent()).toBe(caseNo);
    expect(await page.textContent('#case-count')).toBe(`1 / ${all}`);
    await page.fill('#case-filter', 'no such case at all');
    await expect.poll(() => visibleCases().count(), SETTLED).toBe(0);
    await page.fill('#case-filter', '');
    await expect.poll(() => visibleCases().count(), SETTLED).toBe(all);
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
