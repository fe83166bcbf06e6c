import type { EventStore } from '@banjian/core';
import { beforeAll } from 'vitest';
import { buildReport, type Report, type ReportOptions } from '../report/build-report';

export interface ScenarioReport {
  store: EventStore;
  report: Report;
  /** Another report over the same log. */
  again(options: Partial<ReportOptions>): Promise<Report>;
}

/**
 * Golden tests: builds the scenario's log once (in `beforeAll`) and reports over it; the returned
 * object is filled in before the first test runs.
 */
export const useScenarioReport = (build: () => Promise<EventStore>, options: ReportOptions): ScenarioReport => {
  const golden = {} as ScenarioReport;
  beforeAll(async () => {
    const store = await build();
    golden.store = store;
    golden.report = await buildReport(store, options);
    golden.again = (more) => buildReport(store, { ...options, ...more });
  });
  return golden;
};
