import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@banjian/adapters';
import { simulateHall } from '@banjian/cli';
import type { BenchSuite, Metric } from './types';

/**
 * `simulate.growth`: is simulating a year linear in its size? The county hall's year is simulated
 * through the real engine and deciders into a fresh SQLite file (synchronous=FULL, one transaction
 * a simulated day, as `banjian demo` does) with 12,000 and then 120,000 applications, in the same
 * process; the metric is the ratio of the two wall times (10 for perfectly linear work; the bar is
 * ≤ 12). Before consultations had a stream each, one `consultation-<hallId>` stream grew with the
 * hall and the ratio was about 80. Both times are printed too (`simulate.small.seconds`,
 * `simulate.large.seconds`), with the events each run wrote. `simulate.growth.cpu` is the same ratio
 * of this process's CPU time: on a shared machine whose load changes during the run (the large
 * run takes ten times as long) it is the steadier reading.
 */
const SMALL = 12_000;
const LARGE = 120_000;

const simulate = async (cases: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-growth-bench-'));
  const store = createSqliteEventStore({ path: join(dir, 'year.db') });
  try {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await simulateHall(store, { casesPerYear: cases });
    const used = process.cpuUsage(cpu);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6, events: result.events };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const suite: BenchSuite = {
  metrics: ['simulate.growth', 'simulate.growth.cpu', 'simulate.small.seconds', 'simulate.large.seconds', 'simulate.small.events', 'simulate.large.events'],
  async run() {
    const small = await simulate(SMALL);
    const large = await simulate(LARGE);
    const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
    const metrics: Metric[] = [
      { name: 'simulate.growth', value: round(large.seconds / small.seconds, 2), unit: `× (${LARGE} / ${SMALL} cases)` },
      { name: 'simulate.growth.cpu', value: round(large.cpuSeconds / small.cpuSeconds, 2), unit: '× (process CPU time)' },
      { name: 'simulate.small.seconds', value: round(small.seconds, 1), unit: 's' },
      { name: 'simulate.large.seconds', value: round(large.seconds, 1), unit: 's' },
      { name: 'simulate.small.events', value: small.events, unit: 'events' },
      { name: 'simulate.large.events', value: large.events, unit: 'events' },
    ];
    return metrics;
  },
};

export default suite;
