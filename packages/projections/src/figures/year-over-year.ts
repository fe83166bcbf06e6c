import { FIGURE_DEFINITIONS, type FigureId } from './definitions';
import { approx, decimalText, ratio, ratioOfDecimal, roundScaled, sub, type Ratio } from './exact';
import type { Figure } from './figure';

/** A figure's exact value: numerator / denominator when it has them (× 100 for a percentage). */
const exactValue = (id: FigureId, f: Figure | undefined): Ratio | undefined => {
  if (!f || typeof f.value !== 'number') return undefined;
  if (f.numerator === undefined || f.denominator === undefined) return ratioOfDecimal(f.value);
  const n = ratioOfDecimal(f.numerator);
  const d = ratioOfDecimal(f.denominator);
  if (d.n === 0n) return undefined;
  const q = ratio(n.n * d.d, n.d * d.n);
  return FIGURE_DEFINITIONS[id].kind === 'percent' ? ratio(q.n * 100n, q.d) : q;
};

/**
 * An earlier period in which nothing was recorded (no application, consultation or case carried
 * in) is not a year of zeros but no year at all: the hall kept no log then, so there is no 同比.
 */
const recordedAnything = (figures: Partial<Record<FigureId, Figure>>): boolean =>
  (['applications', 'consultations', 'carryIn'] as const).some((id) => typeof figures[id]?.value === 'number' && (figures[id]!.value as number) > 0);

/**
 * 同比 (spec §5): the figure minus the same figure a year earlier, from exact values, rounded once.
 * `basis` says what is compared: totals (counts), averages (means, per-month figures) or rates
 * (percentage points).
 */
export const computeYearOverYear = (
  of: FigureId,
  current: Partial<Record<FigureId, Figure>>,
  previous: Partial<Record<FigureId, Figure>>,
): Figure => {
  const def = FIGURE_DEFINITIONS[of];
  const basis = def.kind === 'count' ? 'totals' : def.kind === 'percent' ? 'rates' : 'averages';
  const unit = def.kind === 'percent' ? '百分点' : def.unit;
  const now = exactValue(of, current[of]);
  const before = exactValue(of, previous[of]);
  const common = { definition: `yearOverYear@${FIGURE_DEFINITIONS.yearOverYear.version}`, of, basis, ...(unit ? { unit } : {}) } as const;
  if (!now || !before || !recordedAnything(previous)) return { value: null, display: '—', ...common };
  const diff = sub(now, before);
  const text = decimalText(roundScaled(diff, def.decimals), def.decimals);
  return { value: Number(text), display: diff.n > 0n ? `+${text}` : text, parts: { current: approx(now), previous: approx(before) }, ...common };
};
