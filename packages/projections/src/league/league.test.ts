import { caseStream, createInMemoryEventStore, type Actor, type EventToAppend } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { accept, appendLines, caseFactsOf, clerk, complete, line, nationalDayLines, submit } from '../summary/national-day.fixture';
import { league, monthPeriod } from './index';

const applicant: Actor = { kind: 'applicant', id: 'p' };
let serial = 0;

/** A case accepted Tue Oct 8 10:00 with 1 working day (due Wed Oct 9 17:30), completed on `completedAt`, then evaluated. */
const handled = (staff: Actor, completedAt: string, level?: number): [string, EventToAppend][] => {
  const caseId = `C${++serial}`;
  const lines = [
    submit(caseId, '2024-10-08T09:00:00+08:00', staff),
    accept(caseId, '2024-10-08T10:00:00+08:00', staff, 1, '2024-10-09T17:30:00+08:00', '2024-11-05T17:30:00+08:00'),
    complete(caseId, completedAt, staff),
  ];
  if (level !== undefined) {
    lines.push(line(caseStream(caseId), 'EvaluationSubmitted', {
      caseId, evaluationId: `E-${caseId}`, level, channel: 'device', round: 'first', realName: true,
    }, completedAt, applicant));
  }
  return lines;
};

const S1 = clerk('S1', 'W1', 'D-market');
const S2 = clerk('S2', 'W2', 'D-market');
const S3 = clerk('S3', 'W3', 'D-health');
const S4 = clerk('S4', 'W4', 'D-health');
const S5 = clerk('S5', 'W5', 'D-health');
const onTime = '2024-10-09T15:00:00+08:00';
const late = '2024-10-10T10:00:00+08:00';

const givenOctober = async () => {
  const store = createInMemoryEventStore();
  await appendLines(store, [
    nationalDayLines()[0]!,
    // S1: 2 on time, satisfied 2/2
    ...handled(S1, onTime, 5), ...handled(S1, onTime, 4),
    // S2: 2 on time, satisfied 1/2
    ...handled(S2, onTime, 5), ...handled(S2, onTime, 2),
    // S3: 1 of 2 on time
    ...handled(S3, onTime, 5), ...handled(S3, late, 5),
    // S4 and S5: the same record, 1 on time, satisfied 1/1
    ...handled(S4, onTime, 5), ...handled(S5, onTime, 5),
    // completed in November: not October's
    ...handled(S3, '2024-11-01T10:00:00+08:00', 1),
  ]);
  return caseFactsOf(store);
};

describe('staff and window league', () => {
  it('ranks staff by on-time rate, then satisfaction, then volume, ties sharing a rank in key order', async () => {
    const facts = await givenOctober();
    const { rows, period } = league(facts, { month: '2024-10', by: 'staff' });
    expect(period).toEqual({ from: '2024-10-01', to: '2024-11-01' });
    expect(rows.map((r) => [r.rank, r.key, r.onTimeRate.display, r.satisfactionRate.display, r.completed])).toEqual([
      [1, 'S1', '100.00%', '100.00%', 2],
      [2, 'S4', '100.00%', '100.00%', 1],
      [2, 'S5', '100.00%', '100.00%', 1],
      [4, 'S2', '100.00%', '50.00%', 2],
      [5, 'S3', '50.00%', '100.00%', 2],
    ]);
    expect(rows[0]!.onTimeRate).toMatchObject({ numerator: 2, denominator: 2, definition: expect.stringMatching(/^onTimeRate@\d+$/) });
    expect(rows[0]!.satisfactionRate.definition).toMatch(/^satisfactionRate@\d+$/);
  });

  it('gives the same order on every run (deterministic)', async () => {
    const facts = await givenOctober();
    const a = league(facts, { month: '2024-10', by: 'window' });
    const b = league(facts, { month: '2024-10', by: 'window' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.rows.map((r) => r.key)).toEqual(['W1', 'W4', 'W5', 'W2', 'W3']);
  });

  it('follows the figure options: counting level 3 as satisfied changes nothing here, level 2 does not count', async () => {
    const facts = await givenOctober();
    const { rows } = league(facts, { month: '2024-10', by: 'staff', options: { satisfiedLevels: [2, 3, 4, 5] } });
    expect(rows.find((r) => r.key === 'S2')!.satisfactionRate.display).toBe('100.00%');
    expect(rows.map((r) => r.key).slice(0, 3)).toEqual(['S1', 'S2', 'S4']);
  });

  it('ranks November on its own cases, and a month without cases is empty', async () => {
    const facts = await givenOctober();
    expect(league(facts, { month: '2024-11', by: 'staff' }).rows.map((r) => [r.key, r.onTimeRate.display, r.satisfactionRate.display])).toEqual([
      ['S3', '0.00%', '0.00%'],
    ]);
    expect(league(facts, { month: '2024-12', by: 'staff' }).rows).toEqual([]);
  });

  it('turns a month into its period and refuses anything else', () => {
    expect(monthPeriod('2024-12')).toEqual({ from: '2024-12-01', to: '2025-01-01' });
    expect(() => monthPeriod('2024-13')).toThrow(RangeError);
  });
});
