import { readFileSync } from 'node:fs';
import { createInMemoryEventStore } from '@banjian/core';
import { simulateHall } from '@banjian/cli';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const commands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));

describe('the README of the auditor replay', () => {
  it('given the demo the README starts from, then every --hall it names is the demo\'s real hall id', async () => {
    const { rootHallId } = await simulateHall(createInMemoryEventStore(), { casesPerYear: 1 });
    const halls = commands.flatMap((line) => [...line.matchAll(/--hall (\S+)/g)].map((m) => m[1]));
    expect(halls.length).toBeGreaterThan(0);
    expect(new Set(halls)).toEqual(new Set([rootHallId]));
  });

  it('given a fresh clone, then the README creates the demo store before it reports from it', () => {
    const demo = commands.findIndex((line) => /pnpm (install && pnpm )?demo\b/.test(line));
    const report = commands.findIndex((line) => line.includes('pnpm banjian report'));
    expect(demo).toBeGreaterThanOrEqual(0);
    expect(demo).toBeLessThan(report);
  });
});
