import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from '../cases/timing';
import type { FigureId } from './definitions';

/** The definition variants a report may choose (spec §5 "configurable"); each figure records the ones it used. */
export interface FigureOptions {
  counting: 'flow' | 'cohort';
  /** Evaluation levels counted as satisfied (default 4, 5; e.g. 3, 4, 5 for ≥ 基本满意). */
  satisfiedLevels: readonly number[];
  evaluationRateDenominator: 'completed' | 'accepted';
  earlyCompletionDenominator: 'accepted' | 'completed';
  actualSpeedup: 'ratioOfSums' | 'meanOfRatios';
  clock: ClockPolicy;
  /** The figure `yearOverYear` compares with the same period a year earlier. */
  yearOverYear: FigureId;
  /** Rectification due time of a valid bad review without a triage due time (seed 003: 2、5、15). */
  rectificationWorkingDays: number;
}

export const DEFAULT_FIGURE_OPTIONS: Readonly<FigureOptions> = Object.freeze({
  counting: 'flow',
  satisfiedLevels: Object.freeze([4, 5]),
  evaluationRateDenominator: 'completed',
  earlyCompletionDenominator: 'accepted',
  actualSpeedup: 'ratioOfSums',
  clock: DEFAULT_CLOCK_POLICY,
  yearOverYear: 'monthlyAverageCompleted',
  rectificationWorkingDays: 15,
});

export type FigureOptionsInput = Partial<Omit<FigureOptions, 'clock'>> & { clock?: Partial<ClockPolicy> };

export const resolveOptions = (input: FigureOptionsInput = {}): FigureOptions => ({
  ...DEFAULT_FIGURE_OPTIONS,
  ...input,
  clock: { ...DEFAULT_FIGURE_OPTIONS.clock, ...input.clock },
});

/** The options that differ from the defaults, as `key=value` text (recorded as a figure's variant). */
export const variantsOf = (options: FigureOptions, keys: readonly string[]): string | undefined => {
  const out: string[] = [];
  for (const key of keys) {
    const [head, tail] = key.split('.') as [keyof FigureOptions, string | undefined];
    const value = tail ? (options[head] as unknown as Record<string, unknown>)[tail] : options[head];
    const base = tail ? (DEFAULT_FIGURE_OPTIONS[head] as unknown as Record<string, unknown>)[tail] : DEFAULT_FIGURE_OPTIONS[head];
    if (JSON.stringify(value) !== JSON.stringify(base)) out.push(`${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  }
  return out.length > 0 ? out.join(';') : undefined;
};
