import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import type { Figure } from '../figures/figure';
import type { FigureId } from '../figures/definitions';
import type { Dimension } from '../figures/dimensions';
import type { FigureOptionsInput } from '../figures/options';
import { splitPeriod, type Granularity } from '../figures/period';
import { computeFiguresWith, factsScanner, type FigureSet, type TallyScanner } from '../figures/query';
import type { HallContext } from '../cases/context';
import { rebuild, type AsOfBound } from '../runner/rebuild';
import type { EventSource } from '../runner/source';

export type ReportBy = Dimension | Granularity;

export interface ReportOptions {
  from: string;
  /** Exclusive. */
  to: string;
  hall?: string;
  by?: ReportBy;
  /** Definition variants (spec §5 "configurable"); the defaults when omitted. */
  definitions?: FigureOptionsInput;
  /** Compute from the log as it stood at a global position or time (auditors' recomputation). */
  asOf?: AsOfBound;
}

/** One figure as published (spec §7): the six fields always present, extras when they apply. */
export interface ReportFigure {
  value: Figure['value'];
  display: string;
  numerator: number | null;
  denominator: number | null;
  unit: string | null;
  definition: string;
  parts?: Record<string, number>;
  variant?: string;
  of?: string;
  basis?: string;
}

export interface ReportGroup {
  key: string;
  label: string;
  figures: Record<string, ReportFigure>;
}

/** The report of spec §7 (`banjian report --json`). */
export interface Report {
  period: { from: string; to: string; zone: string };
  hall: { id: string; name: string; halls: string[] } | null;
  checkpoint: number;
  calendarVersion: string;
  figures: Record<string, ReportFigure>;
  by?: ReportBy;
  groups?: ReportGroup[];
}

const published = (f: Figure): ReportFigure => ({
  value: f.value,
  display: f.display,
  numerator: f.numerator ?? null,
  denominator: f.denominator ?? null,
  unit: f.unit ?? null,
  definition: f.definition,
  ...(f.parts ? { parts: f.parts } : {}),
  ...(f.variant ? { variant: f.variant } : {}),
  ...(f.of ? { of: f.of } : {}),
  ...(f.basis ? { basis: f.basis } : {}),
});

const publishAll = (set: FigureSet): Record<string, ReportFigure> => {
  const out: Record<string, ReportFigure> = {};
  for (const id of Object.keys(set) as FigureId[]) out[id] = published(set[id]);
  return out;
};

const GRANULARITIES: readonly string[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The report from folded case facts at a checkpoint (no log read). */
export const reportFromFacts = (state: CaseFactsState, checkpoint: number, options: ReportOptions): Report =>
  reportWith(state.context, checkpoint, options, factsScanner(state));

/** The report over the hall context with tallies from `scan` (the folded facts, or a read model of their judgements). */
export const reportWith = (ctx: HallContext, checkpoint: number, options: ReportOptions, scan: TallyScanner): Report => {
  const period = { from: options.from, to: options.to };
  const isTime = options.by !== undefined && GRANULARITIES.includes(options.by);
  const dimension = isTime ? undefined : (options.by as Dimension | undefined);
  const base = { hall: options.hall, options: options.definitions };
  const result = computeFiguresWith(ctx, { ...base, period, ...(dimension ? { by: dimension } : {}) }, scan);
  const hall = options.hall ? ctx.halls.get(options.hall) : undefined;
  const report: Report = {
    period: { ...result.period, zone: result.zone },
    hall: hall ? { id: hall.hallId, name: hall.name, halls: result.halls } : null,
    checkpoint,
    calendarVersion: result.calendarVersion,
    figures: publishAll(result.figures),
  };
  if (options.by) {
    report.by = options.by;
    report.groups = isTime
      ? splitPeriod(period, options.by as Granularity).map((p) => ({
          key: p.from,
          label: `${p.from} – ${p.to}`,
          figures: publishAll(computeFiguresWith(ctx, { ...base, period: p }, scan).figures),
        }))
      : (result.groups ?? []).map((g) => ({ key: g.key, label: g.label, figures: publishAll(g.figures) }));
  }
  return report;
};

/**
 * `buildReport(events | store, {from, to, hall?, by?, definitions?})`: folds the per-case facts
 * from the log (or the log as of a bound) and computes every figure of spec §5 (report of §7).
 */
export const buildReport = async (source: EventSource, options: ReportOptions): Promise<Report> => {
  const { position, states } = await rebuild(source, [caseFactsProjection], options.asOf ?? {});
  return reportFromFacts(states[caseFactsProjection.name] as CaseFactsState, position, options);
};
