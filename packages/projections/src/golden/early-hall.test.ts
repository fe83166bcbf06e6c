import { describe, expect, it } from 'vitest';
import { useScenarioReport } from './scenario-report.fixture';
import { buildEarlyHall, EARLY } from './early-hall';

describe('golden: hall with early completions (seed 000)', () => {
  const golden = useScenarioReport(buildEarlyHall, { from: '2023-01-01', to: '2024-01-01', hall: EARLY.hallId });

  it('given 9519 early and 499 on the due day, when reported, then 提前办结率 95.02 % and 按时办结率 100 %', () => {
    expect(golden.report.figures.accepted!.value).toBe(10018);
    expect(golden.report.figures.earlyCompletionRate).toMatchObject({ value: 95.02, display: '95.02%', numerator: 9519, denominator: 10018 });
    expect(golden.report.figures.onTimeRate).toMatchObject({ value: 100, numerator: 10018, denominator: 10018 });
    expect(golden.report.figures.overdue!.value).toBe(0);
  });

  it('given the early-completion denominator variant, when reported, then it divides by completed and says so', async () => {
    const variant = await golden.again({
      definitions: { earlyCompletionDenominator: 'completed' },
    });
    expect(variant.figures.earlyCompletionRate).toMatchObject({ numerator: 9519, denominator: 10018, variant: 'earlyCompletionDenominator=completed' });
  });

  it('given months of the year, when reported by month, then the months add up to the year', async () => {
    const byMonth = await golden.again({ by: 'month' });
    expect(byMonth.groups).toHaveLength(12);
    const sum = (id: string) => byMonth.groups!.reduce((n, g) => n + (g.figures[id]!.value as number), 0);
    expect(sum('accepted')).toBe(10018);
    expect(sum('completed')).toBe(10018);
  });
});
