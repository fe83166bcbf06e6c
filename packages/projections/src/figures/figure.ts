import { definitionRef, FIGURE_DEFINITIONS, type FigureId } from './definitions';
import { approx, decimalOf, percentOf, type Ratio } from './exact';

/**
 * A published figure (spec §5): the rounded value, its display text, the exact numerator and
 * denominator it came from, its unit and `definition` = `id@version` of the registry. `parts`
 * splits a count (open, overdue); `variant` names non-default definition options used; money
 * figures carry one value per currency.
 */
export interface Figure {
  value: number | Record<string, number> | null;
  display: string;
  numerator?: number;
  denominator?: number;
  unit?: string;
  definition: string;
  parts?: Record<string, number>;
  variant?: string;
  /** yearOverYear: the figure compared and what is compared (totals, averages or rates). */
  of?: FigureId;
  basis?: 'totals' | 'averages' | 'rates';
}

const base = (id: FigureId, variant: string | undefined): Pick<Figure, 'definition' | 'unit' | 'variant'> => {
  const d = FIGURE_DEFINITIONS[id];
  return { definition: definitionRef(id), ...(d.unit ? { unit: d.unit } : {}), ...(variant ? { variant } : {}) };
};

const asNumber = (r: Ratio): number => (r.d === 1n ? Number(r.n) : approx(r));

export const countFigure = (id: FigureId, n: number, variant?: string, parts?: Record<string, number>): Figure => ({
  value: n,
  display: String(n),
  ...base(id, variant),
  ...(parts ? { parts } : {}),
});

/** numerator / denominator as a percentage; no denominator → no value (`—`). */
export const percentFigure = (id: FigureId, numerator: number, denominator: number, variant?: string): Figure => {
  if (denominator === 0) return { value: null, display: '—', numerator, denominator, ...base(id, variant) };
  const { value, text } = percentOf({ n: BigInt(numerator), d: BigInt(denominator) }, FIGURE_DEFINITIONS[id].decimals);
  return { value, display: `${text}%`, numerator, denominator, ...base(id, variant) };
};

/** A mean or other quotient of exact ratios, rounded to the definition's decimals. */
export const ratioFigure = (id: FigureId, numerator: Ratio, denominator: Ratio, variant?: string): Figure => {
  const def = FIGURE_DEFINITIONS[id];
  if (denominator.n === 0n) return { value: null, display: '—', numerator: asNumber(numerator), denominator: asNumber(denominator), ...base(id, variant) };
  const q = { n: numerator.n * denominator.d, d: numerator.d * denominator.n };
  const { value, text } = def.kind === 'percent' ? percentOf(q.d < 0n ? { n: -q.n, d: -q.d } : q, def.decimals) : decimalOf(q.d < 0n ? { n: -q.n, d: -q.d } : q, def.decimals);
  return { value, display: def.kind === 'percent' ? `${text}%` : text, numerator: asNumber(numerator), denominator: asNumber(denominator), ...base(id, variant) };
};

/** Sums by currency, never added across currencies; CNY is also shown in 万元 as the reports do. */
export const moneyFigure = (id: FigureId, sums: ReadonlyMap<string, Ratio>): Figure => {
  const currencies = [...sums.keys()].sort();
  const value: Record<string, number> = {};
  const shown: string[] = [];
  for (const currency of currencies) {
    const sum = sums.get(currency)!;
    const { value: v, text } = decimalOf(sum, 2);
    value[currency] = v;
    shown.push(currency === 'CNY' ? `${decimalOf({ n: sum.n, d: sum.d * 10_000n }, 2).text} 万元` : `${text} ${currency}`);
  }
  return { value, display: shown.length > 0 ? shown.join('; ') : '0', ...base(id, undefined) };
};
