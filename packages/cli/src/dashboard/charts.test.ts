import { describe, expect, it } from 'vitest';
import { barChart, horizontalBarChart, lineChart, niceCeiling, zoomedPercentAxis } from './charts';
import { escapeHtml, html, raw } from './escape';

const heights = (svg: string): number[] => [...svg.matchAll(/<rect class="bar[^"]*"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('chart building blocks', () => {
  it('given values, when the axis top is chosen, then it is the next 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 0.3, 7, 10, 11, 140, 999].map(niceCeiling)).toEqual([1, 0.5, 10, 10, 20, 200, 1000]);
  });

  it('given user text, when escaped or interpolated, then markup characters become entities and Html passes as it is', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<b>${'<i>'}</b>${raw('<br>')}${[html`<u>${'&'}</u>`]}`.html).toBe('<b>&lt;i&gt;</b><br><u>&amp;</u>');
  });
});

describe('SVG charts', () => {
  it('given two series over three months, when drawn as bars, then there is one bar per value, scaled to the axis', () => {
    const svg = barChart({ title: 't', categories: ['01', '02', '03'], series: [{ name: 'a', values: [10, 5, 0] }, { name: 'b', values: [20, null, 4] }] }).html;
    expect(heights(svg)).toEqual([102, 204, 51, 0, 40.8]);
    expect(svg).toContain('class="legend"');
  });

  it('given percentages, when drawn as horizontal bars, then a missing value has no bar but shows a dash', () => {
    const svg = horizontalBarChart({ title: 't', categories: ['市场监管局', '税务局'], series: [{ name: 'r', values: [99.99, null] }], max: 100, unit: '%' }).html;
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg).toContain('>99.99%</text>');
    expect(svg).toContain('>—</text>');
  });

  it('given a gap in a trend, when drawn as a line, then the line breaks there and every value has a point', () => {
    const svg = lineChart({ title: 't', categories: ['1', '2', '3', '4', '5'], series: [{ name: 's', values: [90, 95, null, 80, 85] }], max: 100 }).html;
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(4);
  });

  it('given rates near 100 %, when the axis is chosen, then it starts a round step below the lowest, so 99.2 % and 100 % look different', () => {
    expect(zoomedPercentAxis([99.86, 100, 99.22, null])).toEqual({ min: 99, max: 100 });
    expect(zoomedPercentAxis([60, 100])).toEqual({ min: 40, max: 100 });
    expect(zoomedPercentAxis([5, 100])).toEqual({ min: 0, max: 100 });
    expect(zoomedPercentAxis([null])).toEqual({ min: 0, max: 100 });
    const svg = horizontalBarChart({ title: 't', categories: ['发展和改革局', '民政局'], series: [{ name: 'r', values: [99.22, 100] }], ...zoomedPercentAxis([99.22, 100]), unit: '%' }).html;
    const [low, high] = [...svg.matchAll(/<rect class="bar s0"[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(high! / low!).toBeGreaterThan(4);
    expect(svg).toContain('>99%</text>');
    expect(svg).toContain('>99.5%</text>');
  });
});

