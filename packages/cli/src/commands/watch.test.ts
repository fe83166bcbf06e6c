import { describe, expect, it } from 'vitest';
import { cli, givenNationalDayLog } from './trail-watch.fixture';

const watch = (...args: string[]) => cli('watch', ...args);

describe('banjian watch', () => {
  it('lists the open case by level, per department and window, in text', async () => {
    const store = await givenNationalDayLog();
    const r = await watch('--at', '2024-10-14T09:00:00+08:00', '--store', store);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('deadline watch at 2024-10-14T09:00:00+08:00: 1 open case — 黄牌 yellow card 1');
    expect(r.out).toContain('  H1/D-market: 1 open — 黄牌 yellow card 1');
    expect(r.out).toContain('C-ND (NO-1) D-market/W1 due 2024-10-12T17:30:00+08:00, overdue by 0 working days');
    const tuesday = await watch('--at', '2024-10-15T11:00:00+08:00', '--store', store);
    expect(tuesday.out).toContain('due 2024-10-12T17:30:00+08:00, overdue by 1.29 working days');
  });

  it('prints JSON as of the instant given: approaching on Fri Oct 11 16:18, red card after Wed Oct 16', async () => {
    const store = await givenNationalDayLog();
    const at = async (t: string) => JSON.parse((await watch('--at', t, '--json', '--store', store)).out) as { counts: Record<string, number>; cases: { level: string }[] };
    expect((await at('2024-10-08T12:00:00+08:00')).cases.map((c) => c.level)).toEqual(['normal']);
    expect((await at('2024-10-11T16:18:00+08:00')).counts.approaching).toBe(1);
    expect((await at('2024-10-16T17:31:00+08:00')).cases.map((c) => c.level)).toEqual(['redCard']);
    // before acceptance nothing is open
    expect((await at('2024-09-30T09:55:00+08:00')).cases).toEqual([]);
  });

  it('reads an exported NDJSON log opened read-only', async () => {
    const store = await givenNationalDayLog();
    expect(store).toMatch(/^file:.*\.ndjson$/);
    const fromFile = JSON.parse((await watch('--at', '2024-10-14T09:00:00+08:00', '--json', '--store', store)).out);
    expect(fromFile.cases.map((c: { caseId: string; level: string }) => [c.caseId, c.level])).toEqual([['C-ND', 'yellowCard']]);
    const fromMemory = await watch('--json', '--store', 'memory:');
    expect(fromMemory.code).toBe(0);
    expect(JSON.parse(fromMemory.out).cases).toEqual([]);
  });

  it('exits 2 on a bad --at', async () => {
    const store = await givenNationalDayLog();
    const r = await watch('--at', 'tomorrow', '--store', store);
    expect(r.code).toBe(2);
    expect(r.err).toBe('banjian watch: --at "tomorrow" is not an ISO-8601 time with offset (e.g. 2024-10-14T09:00:00+08:00)\n');
  });
});
