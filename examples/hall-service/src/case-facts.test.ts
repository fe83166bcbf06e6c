import type { EventStore } from '@banjian/core';
import { caseFactsProjection, caseSummaryAt, createProjectionRunner, type CaseFactsState } from '@banjian/projections';
import { buildCityHall, buildCountyHall } from '@banjian/projections/golden';
import { describe, expect, it } from 'vitest';
import { createCaseFacts } from './case-facts';

const fullFold = async (store: EventStore): Promise<CaseFactsState> => {
  const runner = createProjectionRunner({ store, projections: [caseFactsProjection] });
  await runner.catchUp();
  return runner.state<CaseFactsState>(caseFactsProjection.name);
};

describe('one case folded over the hall context', () => {
  it.each([
    ['county hall', buildCountyHall, ['2024-03-15T10:00:00+08:00', '2024-12-31T18:00:00+08:00']],
    ['city hall', buildCityHall, ['2024-01-02T09:00:00+08:00', '2024-07-01T12:00:00+08:00', '2025-01-01T00:00:00+08:00']],
  ] as const)('given the golden %s, then each case summary (every 40th case) equals the fold of the whole log’s', async (_, build, instants) => {
    const store = await build();
    const full = await fullFold(store);
    const oneCase = createCaseFacts(store);
    expect(full.cases.size).toBeGreaterThan(10);
    // Every 40th case: the in-memory store scans its log for each read.
    for (const caseId of [...full.cases.keys()].filter((_, i) => i % 40 === 0)) {
      const one = await oneCase(caseId);
      expect(one?.state.cases.size).toBe(1);
      for (const at of instants) expect(caseSummaryAt(one!.state, caseId, at)).toEqual(caseSummaryAt(full, caseId, at));
    }
    expect(await oneCase('no-such-case')).toBeUndefined();
  }, 60_000);
});
