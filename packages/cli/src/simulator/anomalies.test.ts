import { createInMemoryEventStore, type EventStore } from '@banjian/core';
import { buildAudit, type AuditReport } from '@banjian/projections';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLANTED_COUNTS, type PlantedDefinition } from './anomalies';
import { simulateHall, type SimulationResult } from './index';

const year = { seed: 11, year: 2025, itemCount: 40, windowCount: 10, townshipCount: 1 } as const;

/** An in-memory store that lets the event loop run every few hundred appends (a long simulation must not starve the test runner's messages). */
const breathingStore = (): EventStore => {
  const store = createInMemoryEventStore();
  let appends = 0;
  return Object.assign(Object.create(store) as EventStore, {
    appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
      if (++appends % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      return store.appendToStream(...args);
    },
  });
};

const auditedYear = async (anomalies: boolean, casesPerYear: number): Promise<{ result: SimulationResult; report: AuditReport }> => {
  const store = breathingStore();
  const result = await simulateHall(store, { ...year, casesPerYear, anomalies });
  const report = await buildAudit(store, { from: result.period.from, to: result.period.to });
  return { result, report };
};

describe('simulated anomalies (banjian demo --anomalies)', () => {
  let planted: Awaited<ReturnType<typeof auditedYear>>;
  let clean: Awaited<ReturnType<typeof auditedYear>>;
  beforeAll(async () => {
    planted = await auditedYear(true, 1200);
  }, 240_000);
  beforeAll(async () => {
    clean = await auditedYear(false, 2500);
  }, 240_000);

  it('given a year with anomalies planted, when audited at default thresholds, then every planted case is found under its definition', () => {
    const byDefinition = planted.result.planted!;
    for (const [definition, count] of Object.entries(PLANTED_COUNTS)) {
      const caseIds = byDefinition[definition as PlantedDefinition];
      expect(caseIds, definition).toHaveLength(count);
      const found = planted.report.findings.filter((f) => f.definition === definition);
      const missed = caseIds.filter((caseId) => !found.some((f) => f.caseId === caseId || f.caseIds.includes(caseId)));
      expect(missed, definition).toEqual([]);
    }
  });

  it('given a clean simulated year, when audited at default thresholds, then findings stay under 1 % of its cases', () => {
    expect(clean.result.planted).toBeUndefined();
    expect(clean.report.cases).toBeGreaterThan(2400);
    expect(clean.report.findings.length / clean.report.cases).toBeLessThan(0.01);
  });
});
