import { html, raw, type Html } from './escape';

/** One series of a chart: a name for the legend and one value per category (`null` = no value). */
export interface Series {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  /** Accessible name of the chart (`aria-label`). */
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly Series[];
  /** Top of the value axis; default a round number above the largest value. */
  readonly max?: number;
  /** Bottom of the value axis (default 0); a rate near 100 % gets one close below its lowest value (`zoomedPercentAxis`). */
  readonly min?: number;
  /** Shown after values in tooltips and ticks (`%`, `件`). */
  readonly unit?: string;
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 12, bottom: 40, left: 72 };

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The smallest 1, 2 or 5 × 10ⁿ at or above `n` (a value axis that reads well). */
export const niceCeiling = (n: number): number => {
  if (!(n > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].find((m) => m * power >= n) ?? 10) * power;
};

const axisMax = (spec: ChartSpec): number =>
  spec.max ?? niceCeiling(Math.max(0, ...spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null))));

/** The value axis `[min, max]` of a chart. */
const axisOf = (spec: ChartSpec): { min: number; max: number } => {
  const max = axisMax(spec);
  const min = Math.min(spec.min ?? 0, max);
  return { min, max: max > min ? max : min + 1 };
};

/** Where a value sits on the axis, 0 at the bottom and 1 at the top (clamped). */
const share = (v: number, { min, max }: { min: number; max: number }): number => Math.max(0, Math.min(1, (v - min) / (max - min)));

/**
 * A percentage axis that shows the differences that matter: rates of 99.2 % and 100 % on a 0–100
 * axis look the same, so the axis starts a round step below the lowest value (0 when rates are spread).
 */
export const zoomedPercentAxis = (values: readonly (number | null)[]): { min: number; max: number } => {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { min: 0, max: 100 };
  const lowest = Math.min(...present);
  const below = lowest - Math.max((100 - lowest) * 0.25, 0.1);
  const step = niceCeiling((100 - below) / 4);
  return { min: Math.max(0, Math.floor(below / step) * step), max: 100 };
};

/** A tick's value: at most two decimals, no float noise. */
const tickValue = (n: number): number => Math.round(n * 100) / 100;

const valueText = (v: number | null, unit = ''): string => (v === null ? '—' : `${v}${unit}`);

const legend = (series: readonly Series[]): Html =>
  series.length < 2
    ? raw('')
    : html`<p class="legend">${series.map((s, i) => html`<span><i class="swatch s${i}"></i>${s.name}</span>`)}</p>`;

const frame = (spec: ChartSpec, kind: string, body: Html): Html =>
  html`<figure class="chart ${kind}"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${spec.title}">${body}</svg>${legend(spec.series)}</figure>`;

/** Horizontal grid lines and value ticks at the bottom, the middle and the top of the axis. */
const valueAxis = ({ min, max }: { min: number; max: number }, unit: string | undefined): Html => {
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  return html`${[0, 0.5, 1].map((f) => {
    const y = round1(PAD.top + plotHeight * (1 - f));
    return html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}"/><text class="tick" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${valueText(tickValue(min + (max - min) * f), unit)}</text>`;
  })}`;
};

/** Category labels under the plot; with many categories only every k-th is written. */
const categoryAxis = (categories: readonly string[], centre: (i: number) => number): Html => {
  const every = Math.max(1, Math.ceil(categories.length / 12));
  return html`${categories.map((c, i) =>
    i % every === 0 ? html`<text class="label" x="${round1(centre(i))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${c}</text>` : raw(''),
  )}`;
};

/** Vertical grouped bars: one group per category, one bar per series. */
export const barChart = (spec: ChartSpec): Html => {
  const axis = axisOf(spec);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, spec.categories.length);
  const barWidth = (slot * 0.8) / Math.max(1, spec.series.length);
  const bars = spec.categories.map((category, i) =>
    spec.series.map((s, k) => {
      const v = s.values[i] ?? null;
      if (v === null) return raw('');
      const h = round1(share(v, axis) * plotHeight);
      const x = round1(PAD.left + slot * i + slot * 0.1 + barWidth * k);
      return html`<rect class="bar s${k}" x="${x}" y="${round1(PAD.top + plotHeight - h)}" width="${round1(barWidth)}" height="${h}"><title>${category} ${s.name}: ${valueText(v, spec.unit)}</title></rect>`;
    }),
  );
  return frame(spec, 'bars', html`${valueAxis(axis, spec.unit)}${bars}${categoryAxis(spec.categories, (i) => PAD.left + slot * (i + 0.5))}`);
};

/** Horizontal bars, one per category (long labels such as department names), first series only. */
export const horizontalBarChart = (spec: ChartSpec): Html => {
  const axis = axisOf(spec);
  const rowHeight = 22;
  const labelWidth = 200;
  const rowsHeight = rowHeight * Math.max(1, spec.categories.length);
  const height = PAD.top + rowsHeight + 28;
  const plotWidth = WIDTH - labelWidth - PAD.right - 70;
  // The scale under the bars: where the axis starts is written, so a zoomed axis reads as one.
  const scale = [0, 0.5, 1].map((f) => {
    const x = round1(labelWidth + plotWidth * f);
    return html`<line class="grid" x1="${x}" x2="${x}" y1="${PAD.top}" y2="${PAD.top + rowsHeight}"/><text class="tick" x="${x}" y="${PAD.top + rowsHeight + 16}" text-anchor="middle">${valueText(tickValue(axis.min + (axis.max - axis.min) * f), spec.unit)}</text>`;
  });
  const values = spec.series[0]?.values ?? [];
  const rows = spec.categories.map((category, i) => {
    const v = values[i] ?? null;
    const y = PAD.top + rowHeight * i;
    const w = v === null ? 0 : round1(share(v, axis) * plotWidth);
    return html`<text class="label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${category}</text>${
      v === null ? raw('') : html`<rect class="bar s0" x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}"><title>${category}: ${valueText(v, spec.unit)}</title></rect>`
    }<text class="value" x="${labelWidth + w + 6}" y="${y + 15}">${valueText(v, spec.unit)}</text>`;
  });
  return html`<figure class="chart hbars"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${spec.title}">${scale}${rows}</svg></figure>`;
};

/** Lines with a point per category; a `null` breaks the line. */
export const lineChart = (spec: ChartSpec): Html => {
  const axis = axisOf(spec);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / Math.max(1, spec.categories.length);
  const x = (i: number) => round1(PAD.left + step * (i + 0.5));
  const y = (v: number) => round1(PAD.top + plotHeight * (1 - share(v, axis)));
  const lines = spec.series.map((s, k) => {
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => (v === null ? runs.push([]) : runs.at(-1)!.push(`${x(i)},${y(v)}`)));
    const paths = runs.filter((r) => r.length > 1).map((r) => html`<polyline class="line s${k}" points="${r.join(' ')}"/>`);
    const points = s.values.map((v, i) =>
      v === null ? raw('') : html`<circle class="point s${k}" cx="${x(i)}" cy="${y(v)}" r="4"><title>${spec.categories[i]} ${s.name}: ${valueText(v, spec.unit)}</title></circle>`,
    );
    return html`${paths}${points}`;
  });
  return frame(spec, 'lines', html`${valueAxis(axis, spec.unit)}${lines}${categoryAxis(spec.categories, (i) => x(i))}`);
};
