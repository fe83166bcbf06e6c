import { createInMemoryEventStore } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { tour } from './tour';

describe("the README's tour", () => {
  it('given one case accepted before National Day, when it runs, then the due time skips the holiday and the figures and trail follow', async () => {
    const { accepted, report, trail } = await tour(createInMemoryEventStore());
    expect(accepted?.data).toMatchObject({ promisedDueAt: '2025-10-13T17:30:00+08:00', statutoryDueAt: '2025-11-03T17:30:00+08:00', provisional: false });
    expect(report.figures.onTimeRate).toMatchObject({ display: '100.00%', numerator: 1, denominator: 1, definition: 'onTimeRate@1' });
    expect(report.figures.satisfactionRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'DecisionMade', 'CaseCompleted', 'EvaluationSubmitted']);
  });
});
