import { describe, expect, it } from 'vitest';
import { useScenarioReport } from './scenario-report.fixture';
import { buildCountyHall, COUNTY } from './county-hall';

describe('golden: county hall, 1 Jan – 30 Nov (seed 004)', () => {
  const golden = useScenarioReport(buildCountyHall, { from: '2024-01-01', to: '2024-12-01', hall: COUNTY.hallId });

  it('given the log, when reported, then the counts are the report\'s', () => {
    const f = golden.report.figures;
    expect(f.consultations!.value).toBe(1535);
    expect(f.applications!.value).toBe(11871);
    expect(f.accepted!.value).toBe(11866);
    expect(f.completed!.value).toBe(11690);
    expect(f.carryIn!.value).toBe(40);
    expect(f.carryOut!.value).toBe(216);
  });

  it('given the log, when reported, then 办结率 98.52 % and 日结率 61.41 % come from exact counts', () => {
    expect(golden.report.figures.completionRate).toMatchObject({ value: 98.52, display: '98.52%', numerator: 11690, denominator: 11866, unit: '%', definition: 'completionRate@1' });
    expect(golden.report.figures.sameDayCompletionRate).toMatchObject({ value: 61.41, display: '61.41%', numerator: 7287, denominator: 11866 });
  });

  it('given 11 months, when averaged, then 月均办结 1063 and 同比 +987 (averages)', () => {
    expect(golden.report.figures.monthlyAverageCompleted).toMatchObject({ value: 1063, display: '1063', numerator: 11690, denominator: 11, unit: '件/月' });
    expect(golden.report.figures.yearOverYear).toMatchObject({ value: 987, display: '+987', of: 'monthlyAverageCompleted', basis: 'averages' });
  });

  it('given the 197-item catalogue, when averaged, then 平均法定 20.77, 平均承诺 13.12, 承诺提速 36.83 %', () => {
    expect(golden.report.figures.averageStatutoryLimit).toMatchObject({ value: 20.77, numerator: 4092, denominator: 197, unit: '工作日' });
    expect(golden.report.figures.averagePromisedLimit).toMatchObject({ value: 13.12, numerator: 2585, denominator: 197 });
    expect(golden.report.figures.promisedSpeedup).toMatchObject({ value: 36.83, display: '36.83%', numerator: 1507, denominator: 4092 });
  });

  it('given the investment projects, when summed, then 投资受理 = 同意投资 = 5860 万元', () => {
    expect(golden.report.figures.investmentAccepted).toMatchObject({ value: { CNY: 58_600_000 }, display: '5860.00 万元' });
    expect(golden.report.figures.investmentApproved).toMatchObject({ value: { CNY: 58_600_000 }, display: '5860.00 万元' });
  });

  it('given June to November, when reported, then 回访 58 and 投诉 0', async () => {
    const summer = await golden.again({ from: '2024-06-01' });
    expect(summer.figures.followUps!.value).toBe(58);
    expect(summer.figures.complaints!.value).toBe(0);
  });

  it('given the same log, when reported twice or as JSON, then the bytes are identical', async () => {
    const again = await golden.again({});
    expect(JSON.stringify(again)).toBe(JSON.stringify(golden.report));
    expect(golden.report.checkpoint).toBeGreaterThan(40_000);
  });
});
