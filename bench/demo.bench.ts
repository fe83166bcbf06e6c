import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@banjian/cli';
import type { BenchSuite, Metric } from './types';

/**
 * `banjian demo` end to end with its defaults (12,000 applications of 2025 into a fresh SQLite file,
 * synchronous=FULL, one transaction per simulated day; then the report, a trail, verify):
 * `demo.seconds` is the wall time, `demo.cpuSeconds` the process CPU time over the same run (on a
 * shared machine the CPU time is what an idle one would take).
 */
const suite: BenchSuite = {
  metrics: ['demo.seconds', 'demo.cpuSeconds'],
  async run(selected) {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-demo-bench-'));
    const sink = { write: () => true };
    try {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const code = await run(['demo', '--store', `sqlite:${join(dir, 'demo.db')}`], { stdout: sink, stderr: sink });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpu);
      if (code !== 0) throw new Error(`banjian demo exited ${code}`);
      const metrics: Metric[] = [];
      if (selected.has('demo.seconds')) metrics.push({ name: 'demo.seconds', value: Math.round(seconds * 10) / 10, unit: 's' });
      if (selected.has('demo.cpuSeconds')) metrics.push({ name: 'demo.cpuSeconds', value: Math.round((used.user + used.system) / 1e5) / 10, unit: 's' });
      return metrics;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
