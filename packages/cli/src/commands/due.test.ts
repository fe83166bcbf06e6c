import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaCalendar } from '@banjian/core';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { captureIo } from '../test-io';

const due = async (...args: string[]) => {
  const io = captureIo();
  const code = await run(['due', ...args], io);
  return { code, out: io.out(), err: io.err() };
};
const dueJson = async (...args: string[]) => {
  const r = await due(...args, '--json');
  expect(r).toMatchObject({ code: 0, err: '' });
  return JSON.parse(r.out) as { dueAt: string; provisional: boolean; calendarVersion: string };
};
const tmp = mkdtempSync(join(tmpdir(), 'banjian-due-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('banjian due', () => {
  it('given --json, then exactly {dueAt, provisional, calendarVersion} on one line', async () => {
    const r = await due('--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--json');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`{"dueAt":"2024-10-10T17:30:00+08:00","provisional":false,"calendarVersion":"${chinaCalendar().version}"}\n`);
  });

  it('given 5 wd from the make-up Sunday 2024-09-29, then 2024-10-11 17:30 (National Day skipped)', async () => {
    expect((await dueJson('--start', '2024-09-29T10:00:00+08:00', '--limit', '5wd')).dueAt).toBe('2024-10-11T17:30:00+08:00');
  });

  it('given 3 wd over 2025 Spring Festival, then the make-up Sunday 01-26 counts → 02-05', async () => {
    expect((await dueJson('--start', '2025-01-24T15:00:00+08:00', '--limit', '3wd')).dueAt).toBe('2025-02-05T17:30:00+08:00');
  });

  it('given natural days landing on a holiday, then the next working day', async () => {
    expect((await dueJson('--start', '2024-09-30T16:00:00+08:00', '--limit', '3d')).dueAt).toBe('2024-10-08T17:30:00+08:00');
  });

  it('given hours across the holiday, then office time only', async () => {
    expect((await dueJson('--start', '2024-09-30T16:00:00+08:00', '--limit', '2h')).dueAt).toBe('2024-10-08T09:30:00+08:00');
  });

  it('given --hall-hours and --zone, then the hall\'s own hours and offset', async () => {
    const r = await dueJson('--start', '2024-09-30T16:00:00-04:00', '--limit', '3wd', '--zone', 'America/New_York', '--hall-hours', '08:00-12:00,13:00-16:00');
    expect(r.dueAt).toBe('2024-10-10T16:00:00-04:00');
    expect((await dueJson('--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--hall-hours', 'none')).dueAt).toBe('2024-10-11T00:00:00+08:00');
  });

  it('given a start without an offset, then it is read in the hall\'s zone', async () => {
    expect((await dueJson('--start', '2024-09-30T16:00', '--limit', '2h', '--zone', 'Asia/Tokyo')).dueAt).toBe('2024-10-08T09:30:00+09:00');
  });

  it('given a deadline in 2027, then provisional, and the human output says so', async () => {
    expect((await dueJson('--start', '2026-12-25T10:00:00+08:00', '--limit', '10wd')).provisional).toBe(true);
    const r = await due('--start', '2026-12-25T10:00:00+08:00', '--limit', '10wd');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('2027-01-08T17:30:00+08:00');
    expect(r.out).toContain('PROVISIONAL');
    expect(r.out).toContain(chinaCalendar().version);
  });

  it('given human output for an announced year, then the due time and a short note', async () => {
    const r = await due('--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd');
    expect(r.out).toMatch(/^2024-10-10T17:30:00\+08:00\n {2}3 working days from 2024-09-30T16:00:00\+08:00 \(the start day not counted\), Asia\/Shanghai\n {2}final: .*; calendar cn@2026-[0-9a-f]{12}\n$/);
  });

  it('given --calendar with next year\'s notice, then it is added and the version changes', async () => {
    const file = join(tmp, '2027.json');
    writeFileSync(file, JSON.stringify({ year: 2027, papers: ['https://www.gov.cn/2027'], days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }] }));
    const r = await dueJson('--start', '2026-12-25T10:00:00+08:00', '--limit', '10wd', '--calendar', 'cn', '--calendar', file);
    expect(r).toEqual({ dueAt: '2027-01-11T17:30:00+08:00', provisional: false, calendarVersion: expect.stringMatching(/^cn@2027-[0-9a-f]{12}$/) });
  });

  it('given --calendar with a regional overlay, then its holiday is skipped', async () => {
    const file = join(tmp, 'guangxi.json');
    writeFileSync(file, JSON.stringify({ name: '广西三月三', papers: ['https://www.gxzf.gov.cn/'], days: [{ name: '三月三', date: '2026-04-20', isOffDay: true }] }));
    expect((await dueJson('--start', '2026-04-17T10:00:00+08:00', '--limit', '1wd')).dueAt).toBe('2026-04-20T17:30:00+08:00');
    const r = await dueJson('--start', '2026-04-17T10:00:00+08:00', '--limit', '1wd', '--calendar', file);
    expect(r.dueAt).toBe('2026-04-21T17:30:00+08:00');
    expect(r.calendarVersion).not.toBe(chinaCalendar().version);
  });

  it('given --store, then it is accepted and ignored', async () => {
    expect((await dueJson('--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--store', 'memory:')).dueAt).toBe('2024-10-10T17:30:00+08:00');
  });

  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ year: 2027, papers: [], days: [{ name: 'x', date: '2027-02-30', isOffDay: true }] }));
  it.each([
    [['--limit', '3wd'], /^banjian due: --start is required/],
    [['--start', '2024-09-30T16:00:00+08:00'], /^banjian due: --limit is required/],
    [['--start', 'yesterday', '--limit', '3wd'], /^banjian due: --start "yesterday" is not an ISO-8601 time/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3weeks'], /^banjian due: --limit "3weeks" is not <n>wd/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '0wd'], /^banjian due: --limit "0wd"/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--zone', 'Moon/Base'], /^banjian due: --zone: unknown time zone "Moon\/Base"/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--hall-hours', '17:00-09:00'], /^banjian due: --hall-hours: 17:00-09:00 closes before it opens/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--calendar', 'us'], /^banjian due: unknown calendar "us"/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--calendar', '/nonexistent/x.json'], /^banjian due: cannot read calendar file \/nonexistent\/x.json: ENOENT/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--calendar', bad], /^banjian due: calendar file .*bad.json: \$\.days\[0\]\.date: must be a valid date/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', '--frobnicate'], /^banjian due: Unknown option '--frobnicate'/],
    [['--start', '2024-09-30T16:00:00+08:00', '--limit', '3wd', 'extra'], /^banjian due: .*positional/i],
    [['--start', '1800-01-01T00:00:00+08:00', '--limit', '3wd'], /^banjian due: --start: .*outside the supported years/],
  ])('given %j, then a one-line reason on stderr and exit 2', async (args, reason) => {
    const r = await due(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(reason);
    expect(r.err.endsWith('\n')).toBe(true);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
