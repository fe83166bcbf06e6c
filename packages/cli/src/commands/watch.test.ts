import { describe, expect, it } from 'vitest';
import { cli, givenNationalDayLog } from './trail-watch.fixture';

const watch = (...args: string[]) => cli('watch', ...args);

describe('banjian watch', () => {
  it('lists the open case by level, per department and window, in text', async () => {
    const store = await givenNationalDayLog();
    const r = await watch('--at', '2024-10-14T09:00:00+08:00', '--store', store);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('deadline watch at 2024-10-14 09:00 (Asia/Shanghai): 1 open case — 黄牌 yellow card 1');
    // the statutory limit (due Nov 1) has not been reached: its own ladder says normal
    expect(r.out).toContain('statutory limit 法定时限: 正常 normal 1');
    expect(r.out).toMatch(/by department:\n  县政务服务中心 市场监管局 +1 open {2}黄牌 yellow card 1\n/);
    expect(r.out).toMatch(/by window:\n  县政务服务中心 市场监管局 专业窗口 W1 +1 open {2}黄牌 yellow card 1\n/);
    expect(r.out).toMatch(/ {2}黄牌 yellow card {2}NO-1 {2}食品经营许可 {2}市场监管局 市场监管局 专业窗口 W1 {2}due 2024-10-12 17:30 {2}overdue by 0 working days/);
    expect(r.out).not.toMatch(/D-market|ITEM-1|\+08:00/);
    const tuesday = await watch('--at', '2024-10-15T11:00:00+08:00', '--store', store);
    expect(tuesday.out).toContain('due 2024-10-12 17:30  overdue by 1.29 working days');
  });

  it('given no --at, then the watch is of now on the hall\'s clock: a local time with the hall\'s offset, never UTC', async () => {
    const store = await givenNationalDayLog();
    const text = await watch('--store', store);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^deadline watch at \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\): /);
    const json = JSON.parse((await watch('--json', '--store', store)).out) as { at: string };
    expect(json.at).toMatch(/\+08:00$/);
    expect(Math.abs(Date.parse(json.at) - Date.now())).toBeLessThan(10 * 60_000);
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
