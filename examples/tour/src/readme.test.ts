import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; scripts: Record<string, string> };

describe('the README of the tour', () => {
  it('given the package, then the README runs it by its real name and script, and names files that exist', () => {
    expect(README).toContain(`pnpm --filter ${pkg.name} start`);
    expect(pkg.scripts.start).toBeDefined();
    const files = [...README.matchAll(/`(src\/[\w.-]+\.ts)`/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(existsSync(new URL(`../${file}`, import.meta.url)), file).toBe(true);
  });

  it('given the tour\'s own test, then the due date the README quotes is the one the tour computes', () => {
    const test = readFileSync(new URL('./tour.test.ts', import.meta.url), 'utf8');
    const due = /due `(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00)`/.exec(README)![1]!;
    expect(test).toContain(`promisedDueAt: '${due}'`);
  });
});
