import { canonicalJson } from '@banjian/core';
import type { Report, ReportFigure } from '@banjian/projections';

/** The fields of a published figure an auditor holds the recomputation to (spec §5, §7). */
const FIGURE_FIELDS = ['value', 'display', 'numerator', 'denominator', 'unit', 'definition', 'parts', 'variant', 'of', 'basis'] as const;

export type FigureField = (typeof FIGURE_FIELDS)[number];

/** One figure: where it sits (`figures` or a group key), what was published, what the log gives. */
export interface FigureLine {
  /** `''` for the report's own figures, else the group key (a month, a department, …). */
  readonly group: string;
  readonly id: string;
  readonly published?: ReportFigure;
  readonly recomputed?: ReportFigure;
  /** `reconciled`; `differs` (see `fields`); `notRecomputed`: published but the log gives no such figure; `notPublished`: the reverse. */
  readonly status: 'reconciled' | 'differs' | 'notRecomputed' | 'notPublished';
  readonly fields: readonly FigureField[];
}

/** A heading field of the report that disagrees (period, hall, checkpoint, calendar version, breakdown). */
export interface HeadingDifference {
  readonly field: string;
  readonly published: unknown;
  readonly recomputed: unknown;
}

export interface Reconciliation {
  /** Every published figure reconciles and the headings agree. */
  readonly reconciled: boolean;
  readonly headings: readonly HeadingDifference[];
  readonly lines: readonly FigureLine[];
}

// Key order must not matter: compare canonical JSON (RFC 8785); absent only equals absent.
const same = (a: unknown, b: unknown): boolean => (a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b));

const compareFigures = (group: string, published: Record<string, ReportFigure>, recomputed: Record<string, ReportFigure>): FigureLine[] => {
  const ids = [...new Set([...Object.keys(published), ...Object.keys(recomputed)])];
  return ids.map((id): FigureLine => {
    const p = published[id];
    const r = recomputed[id];
    if (p === undefined) return { group, id, recomputed: r!, status: 'notPublished', fields: [] };
    if (r === undefined) return { group, id, published: p, status: 'notRecomputed', fields: [] };
    const fields = FIGURE_FIELDS.filter((f) => !same(p[f], r[f]));
    return { group, id, published: p, recomputed: r, status: fields.length === 0 ? 'reconciled' : 'differs', fields };
  });
};

/**
 * Holds a published report to the one recomputed from the log: headings (period, hall, checkpoint,
 * calendar version, breakdown) and every figure, field by field, in the report and in each group.
 * Figures the log gives but the publication left out are listed, not counted against it.
 */
export const reconcileReport = (published: Report, recomputed: Report): Reconciliation => {
  const headings: HeadingDifference[] = [];
  const heading = (field: string, p: unknown, r: unknown) => {
    if (!same(p, r)) headings.push({ field, published: p, recomputed: r });
  };
  heading('period', published.period, recomputed.period);
  heading('hall', published.hall, recomputed.hall);
  heading('checkpoint', published.checkpoint, recomputed.checkpoint);
  heading('calendarVersion', published.calendarVersion, recomputed.calendarVersion);
  heading('by', published.by, recomputed.by);

  const lines = compareFigures('', published.figures ?? {}, recomputed.figures);
  const groups = new Map((recomputed.groups ?? []).map((g) => [g.key, g.figures]));
  const publishedKeys = new Set((published.groups ?? []).map((g) => g.key));
  for (const g of published.groups ?? []) lines.push(...compareFigures(g.key, g.figures, groups.get(g.key) ?? {}));
  for (const [key, figures] of groups) if (!publishedKeys.has(key)) lines.push(...compareFigures(key, {}, figures));

  const reconciled = headings.length === 0 && lines.every((l) => l.status === 'reconciled' || l.status === 'notPublished');
  return { reconciled, headings, lines };
};
