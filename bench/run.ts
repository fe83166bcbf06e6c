import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSuite } from './types';

/**
 * `pnpm bench [name…]`: runs every suite (or the suites that produce the named metrics; a name may
 * be a prefix such as `append` or `rebuild.memory`) and prints one JSON object a line.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const matches = (metric: string) => wanted.length === 0 || wanted.some((w) => metric === w || metric.startsWith(`${w}.`));

const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
let ran = 0;
for (const file of files) {
  const suite = (await import(pathToFileURL(`${dir}/${file}`).href)).default as BenchSuite;
  const selected = new Set(suite.metrics.filter(matches));
  if (selected.size === 0) continue;
  for (const metric of await suite.run(selected)) {
    process.stdout.write(`${JSON.stringify(metric)}\n`);
    ran++;
  }
}
if (ran === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(' ') || '(all)'}\n`);
  process.exit(2);
}
