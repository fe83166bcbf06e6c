import { createInMemoryEventStore } from '@banjian/core';
import { buildAudit } from '@banjian/projections';
import { describe, expect, it } from 'vitest';
import { simulateHall } from '../simulator/index';
import { anomalies } from './audit-section';
import { dashboardFromStore } from './from-store';
import { renderDashboard } from './render';

describe('dashboard section 异常办件', () => {
  it('given a year with planted anomalies, when the dashboard is built, then its audit is the projection\'s and the section lists the findings with their definitions', async () => {
    const store = createInMemoryEventStore();
    const sim = await simulateHall(store, { seed: 3, casesPerYear: 200, itemCount: 30, windowCount: 8, townshipCount: 1, anomalies: true });
    const input = await dashboardFromStore(store, { year: 2025, hall: sim.rootHallId, maxCases: 20 });
    expect(input.audit).toEqual(await buildAudit(store, { ...sim.period, hall: sim.rootHallId }));
    const page = renderDashboard(input);
    expect(page).toContain('<section id="anomalies">');
    expect(page).toContain(`异常办件 Anomaly findings: ${input.audit!.findings.length} in ${input.audit!.cases} cases`);
    for (const definition of ['backdated@1', 'offSystem@1', 'resubmission@1', 'lateStop@1', 'evaluationBurst@1', 'appealExcluded@1']) {
      expect(page).toContain(`<tr data-definition="${definition}">`);
    }
  });

  it('given no audit, then the section is left out; given a detail with markup, then it is escaped', () => {
    expect(anomalies(undefined, () => undefined).html).toBe('');
    const audit = {
      period: { from: '2025-01-01', to: '2026-01-01', zone: 'Asia/Shanghai' }, hall: null, checkpoint: 9, cases: 1, thresholds: {} as never, definitions: [], counts: {},
      departments: [], staff: [],
      findings: [{ definition: 'backdated@1', kind: 'backdated', severity: 'high', hallId: 'h', caseId: 'c1', caseIds: ['c1'], staffId: '<b>s</b>', departmentId: null, at: 'x', positions: [1], measured: {}, detail: '<script>' }],
    } as never;
    const section = anomalies(audit, (caseId) => (caseId === 'c1' ? 'case-0' : undefined)).html;
    expect(section).toContain('&lt;b&gt;s&lt;/b&gt;');
    expect(section).toContain('&lt;script&gt;');
    expect(section).toContain('<a href="#case-0">c1</a>');
  });
});
