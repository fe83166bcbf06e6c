import { describe, expect, it } from 'vitest';
import { useScenarioReport } from './scenario-report.fixture';
import { buildCityHall, CITY } from './city-hall';

describe('golden: city hall, full year (seed 000)', () => {
  const golden = useScenarioReport(buildCityHall, { from: '2024-01-01', to: '2025-01-01', hall: CITY.hallId });

  it('given the year, when reported, then 申请 13866, 受理 13798, 办结 13826 with 28 carried in', () => {
    expect(golden.report.figures.applications!.value).toBe(13866);
    expect(golden.report.figures.accepted!.value).toBe(13798);
    expect(golden.report.figures.completed!.value).toBe(13826);
    expect(golden.report.figures.carryIn!.value).toBe(28);
    expect(golden.report.figures.carryOut!.value).toBe(0);
  });

  it('given every case done in time at the hall, when reported, then 按时办结率 and 现场办结率 are 100 %', () => {
    expect(golden.report.figures.onTimeRate).toMatchObject({ value: 100, display: '100.00%', numerator: 13826, denominator: 13826 });
    expect(golden.report.figures.onSiteCompletionRate).toMatchObject({ value: 100, display: '100.00%', numerator: 13826, denominator: 13826 });
    expect(golden.report.figures.overdue).toMatchObject({ value: 0, parts: { completedLate: 0, openOverdue: 0 } });
  });

  it('given one evaluation below satisfied, when reported, then 满意率 is 99.99 %, not 100.00 %', () => {
    expect(golden.report.figures.evaluations!.value).toBe(13826);
    expect(golden.report.figures.satisfactionRate).toMatchObject({ value: 99.99, display: '99.99%', numerator: 13825, denominator: 13826, definition: 'satisfactionRate@1' });
  });

  it('given ≥ 3 as the satisfied set, when reported, then the variant is recorded and every evaluation counts', async () => {
    const wide = await golden.again({
      definitions: { satisfiedLevels: [3, 4, 5] },
    });
    expect(wide.figures.satisfactionRate).toMatchObject({ value: 100, numerator: 13826, variant: 'satisfiedLevels=3,4,5' });
  });
});
