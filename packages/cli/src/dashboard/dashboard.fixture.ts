import { createInMemoryEventStore, type EventStore } from '@banjian/core';
import { simulateHall, type SimulationResult } from '../simulator/index';
import { dashboardFromStore, type DashboardOptions } from './from-store';
import type { DashboardInput } from './model';

/** The instant the fixture's dashboards are seen from: mid-June, with cases still open. */
export const MID_YEAR = '2025-06-16T10:00:00+08:00';

let simulated: Promise<{ store: EventStore; sim: SimulationResult }> | undefined;

/** A small county hall year (300 applications) through the simulator and the real engine; built once per test file. */
export const simulatedHall = (): Promise<{ store: EventStore; sim: SimulationResult }> =>
  (simulated ??= (async () => {
    const store = createInMemoryEventStore();
    const sim = await simulateHall(store, { seed: 3, casesPerYear: 300, itemCount: 14, windowCount: 4, townshipCount: 1 });
    return { store, sim };
  })());

/** The dashboard of the simulated year as of mid-June. */
export const givenDashboard = async (options: Partial<DashboardOptions> = {}): Promise<DashboardInput & { store: EventStore; sim: SimulationResult }> => {
  const { store, sim } = await simulatedHall();
  const input = await dashboardFromStore(store, { year: 2025, hall: sim.rootHallId, at: MID_YEAR, ...options } as DashboardOptions);
  return { ...input, store, sim };
};

/** User text that would run if embedded unescaped. */
export const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">"'&`;

/** The input with hostile text in every place user data reaches: title, case number, item, trail change, department. */
export const withHostileText = (input: DashboardInput): DashboardInput => {
  const [first, ...rest] = input.cases;
  if (!first) throw new Error('the fixture has no case to make hostile');
  const trail = first.trail.map((e, i) => (i === 0 ? { ...e, change: `${e.change} ${HOSTILE}` } : e));
  return {
    ...input,
    title: `${input.title} ${HOSTILE}`,
    cases: [{ ...first, caseNo: `${first.caseNo}${HOSTILE}`, itemCode: HOSTILE, departmentId: HOSTILE, trail }, ...rest],
    departments: {
      ...input.departments,
      groups: (input.departments.groups ?? []).map((g, i) => (i === 0 ? { ...g, label: HOSTILE } : g)),
    },
  };
};
