import { buildReport, deadlineWatch, caseFactsProjection, asOf, type CaseFactsState } from '@banjian/projections';
import { describe, expect, it } from 'vitest';
import { givenDashboard, MID_YEAR, simulatedHall } from './dashboard.fixture';

describe('dashboardFromStore', () => {
  it('given a simulated year seen from mid-June, then the figures are the report\'s as of then, by month and by department', async () => {
    const { store, sim } = await simulatedHall();
    const input = await givenDashboard();
    const report = await buildReport(store, { from: '2025-01-01', to: '2026-01-01', hall: sim.rootHallId, by: 'month', asOf: { occurredAt: MID_YEAR } });
    expect(input.report).toEqual(report);
    expect(input.report.groups).toHaveLength(12);
    expect(input.report.groups![6]!.figures.applications!.value).toBe(0);
    const departments = await buildReport(store, { from: '2025-01-01', to: '2026-01-01', hall: sim.rootHallId, by: 'department', asOf: { occurredAt: MID_YEAR } });
    expect(input.departments.groups).toEqual(departments.groups);
  });

  it('given the scheduler\'s alerts in the log, then the open alerts per rule and level are those raised and not cleared by the instant, and late entries come by staff', async () => {
    const { store, sim } = await simulatedHall();
    // Seen from the close of the first day the scheduler raised an alert, so some are open.
    let at: string | undefined;
    for await (const e of store.readAll()) if (e.type === 'AlertRaised') at ??= e.occurredAt;
    expect(at).toBeDefined();
    const input = await givenDashboard({ at: at! });
    const open = new Map<string, { rule: string; level: string }>();
    for await (const e of store.readAll()) {
      if (Date.parse(e.occurredAt) > Date.parse(at!)) continue;
      const d = e.data as { alertId: string; rule: string; level: string };
      if (e.type === 'AlertRaised') open.set(d.alertId, d);
      if (e.type === 'AlertCleared') open.delete(d.alertId);
    }
    const expected: Record<string, Record<string, number>> = {};
    for (const a of open.values()) (expected[a.rule] ??= {})[a.level] = (expected[a.rule]![a.level] ?? 0) + 1;
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(input.openAlerts).toEqual(expected);
    const staff = await buildReport(store, { from: '2025-01-01', to: '2026-01-01', hall: sim.rootHallId, by: 'staff', asOf: { occurredAt: at! } });
    expect(input.staff!.groups).toEqual(staff.groups);
  });

  it('given the watch instant, then the deadline watch is the projection\'s at that instant and its cases lead the list with their levels', async () => {
    const { store } = await simulatedHall();
    const input = await givenDashboard();
    const { states } = await asOf(store, [caseFactsProjection], { occurredAt: MID_YEAR });
    expect(input.watch).toEqual(deadlineWatch(states.caseFacts as CaseFactsState, { at: MID_YEAR }));
    expect(input.watch.open).toBeGreaterThan(0);
    const head = input.cases.slice(0, input.watch.open);
    expect(head.map((c) => [c.caseId, c.level])).toEqual(input.watch.cases.map((c) => [c.caseId, c.level]));
  });

  it('given listed cases, then each carries its trail up to the instant, in stream order, and the list has every case of the period so far', async () => {
    const input = await givenDashboard();
    expect(input.totalCases).toBe(input.report.figures.applications!.value);
    expect(input.cases).toHaveLength(input.totalCases);
    for (const c of input.cases) {
      expect(c.trail[0]?.type).toBe('ApplicationSubmitted');
      expect(c.trail.map((e) => e.streamPosition)).toEqual(c.trail.map((_, i) => i));
      expect(c.trail.every((e) => Date.parse(e.occurredAt) <= Date.parse(MID_YEAR))).toBe(true);
    }
    const done = input.cases.find((c) => c.status === 'completed')!;
    expect(done.trail.map((e) => e.type)).toContain('CaseCompleted');
  });

  it('given a cap on the list, then open cases come first and the rest are the latest applications', async () => {
    const full = await givenDashboard();
    const capped = await givenDashboard({ maxCases: 5 });
    expect(capped.cases).toHaveLength(5);
    expect(capped.totalCases).toBe(full.totalCases);
    expect(capped.cases.map((c) => c.caseId)).toEqual(full.cases.slice(0, 5).map((c) => c.caseId));
    const after = capped.cases.slice(full.watch.open).map((c) => Date.parse(c.submittedAt));
    expect(after).toEqual([...after].sort((a, b) => b - a));
  });

  it('given a year without an instant, then the dashboard is seen from the end of the year', async () => {
    const { store, sim } = await simulatedHall();
    const input = await givenDashboard({ at: undefined });
    expect(input.at).toBe('2026-01-01T00:00:00+08:00');
    expect(input.report.figures.applications!.value).toBe(sim.cases);
    expect(input.report.checkpoint).toBe((await buildReport(store, { from: '2025-01-01', to: '2026-01-01' })).checkpoint);
  });

  it('given a case to highlight, then it leads the list even under a cap, and the dashboard names it', async () => {
    const full = await givenDashboard();
    const chosen = full.cases.at(-1)!;
    const capped = await givenDashboard({ maxCases: 5, highlight: chosen.caseId });
    expect(capped.highlight).toBe(chosen.caseId);
    expect(capped.cases[0]!.caseId).toBe(chosen.caseId);
    expect(capped.cases.slice(1).map((c) => c.caseId)).toEqual(full.cases.slice(0, 4).map((c) => c.caseId));
    expect((await givenDashboard({ highlight: 'no-such-case' })).highlight).toBeUndefined();
  });
});

