import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../events/primitives';
import { chinaCalendar } from '../calendar/china';
import { createCalendarDecider, type CalendarCommand } from './calendar-decider';
import { createClockResolver } from './clocks';
import { actors, command, HALL, hallDirectory } from './hall.fixture';

const AT = '2026-11-10T09:00:00+08:00';
const year2027 = { calendarId: 'cn', year: 2027, papers: ['https://www.gov.cn/notice-2027'], days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }] };
const decider = createCalendarDecider({ directory: hallDirectory() });
const publish = (data: Record<string, unknown>, actor: Actor = actors.system) => command('PublishCalendar', data, actor, AT) as CalendarCommand;

describe('calendar stream 节假日安排', () => {
  it('given the shipped cn calendar, when 2027 is published, then the event carries the content hash and the version of cn with 2027', () => {
    const result = decider.decide(publish(year2027), decider.initialState());
    const expected = chinaCalendar().withYear({ year: 2027, papers: year2027.papers, days: year2027.days });
    expect(isRight(result) && result.right[0]?.data).toMatchObject({ calendarId: 'cn', year: 2027, version: expected.version, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('given 2027 already published with the same content, when published again, then conflict calendar.publish.changed', () => {
    const first = decider.decide(publish(year2027), decider.initialState());
    if (!isRight(first) || !first.right[0]) throw new Error('the first publication was refused');
    const state = decider.evolve(decider.initialState(), { ...first.right[0], occurredAt: AT, actor: actors.system });
    const result = decider.decide(publish(year2027), state);
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'conflict', rule: 'calendar.publish.changed', streamId: 'calendar-cn' });
  });

  it('given a day outside the notice years, then invalidCommand calendar.data.valid names the field', () => {
    const result = decider.decide(publish({ ...year2027, days: [{ date: '2030-01-01', isOffDay: true, name: '元旦' }] }), decider.initialState());
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'invalidCommand', rule: 'calendar.data.valid' });
    expect(isLeft(result) && result.left.message).toContain('$.days[0].date');
  });

  it('given window staff, when publishing, then forbidden: a calendar belongs to no hall, so no staff are known to it', () => {
    const result = decider.decide(publish(year2027, actors.market), decider.initialState());
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'forbidden', rule: 'auth.staff.unknown' });
  });
});

describe('a published notice reaches the halls that use the calendar', () => {
  it('given 2027 published on the cn stream, when a hall on cn computes a 2027 due time, then it is no longer provisional and uses the published version', () => {
    const directory = hallDirectory();
    const clockFor = createClockResolver(directory);
    const before = clockFor(HALL).dueAt(Date.parse('2026-12-30T10:00:00+08:00'), { value: 3, unit: 'workingDays' });
    expect(before.provisional).toBe(true);

    const published = decider.decide(publish(year2027), decider.initialState());
    if (!isRight(published) || !published.right[0]) throw new Error('the publication was refused');
    directory.apply(published.right[0]);

    const clock = clockFor(HALL);
    expect(clock.calendar.version).toBe(published.right[0].data.version);
    const after = clock.dueAt(Date.parse('2026-12-30T10:00:00+08:00'), { value: 3, unit: 'workingDays' });
    expect(after.provisional).toBe(false);
    // 2027-01-01 is the published holiday: Dec 31, (Jan 1 off), Jan 4, Jan 5.
    expect(clock.toInstant(after.dueAt)).toBe('2027-01-05T17:30:00+08:00');
  });
});

