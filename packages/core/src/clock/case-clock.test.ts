import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../calendar/china';
import { alertState, DEFAULT_ALERT_LADDER } from './alerts';
import { effectiveDueAt, elapsedOfficeSeconds, type CaseClockInput } from './case-clock';
import { parseInstant as at } from './instant';
import { segmentElapsed } from './segments';
import { createWorkClock } from './work-clock';

const clock = createWorkClock({ calendar: chinaCalendar() });
const iso = (ms: number) => clock.toInstant(ms);
const HOUR = 3600;

// accepted on the eve of National Day 2024; 3 wd → 10-08, 10-09, 10-10
const base: CaseClockInput = {
  startMs: at('2024-09-30T16:00:00+08:00'),
  limit: { value: 3, unit: 'workingDays' },
  extensions: [],
  suspensions: [],
};

describe('effectiveDueAt', () => {
  it('given no extension or suspension, then the limit\'s due time', () => {
    expect(effectiveDueAt(clock, base)).toEqual({ dueAt: at('2024-10-10T17:30:00+08:00'), provisional: false });
  });

  it('given a 5 wd extension, then 5 wd after the previous due time (10-12 is a make-up Saturday)', () => {
    const r = effectiveDueAt(clock, { ...base, extensions: [{ value: 5, unit: 'workingDays' }] });
    expect(iso(r.dueAt)).toBe('2024-10-16T17:30:00+08:00');
  });

  it('given two extensions, then each runs from the previous due time', () => {
    const r = effectiveDueAt(clock, { ...base, extensions: [{ value: 5, unit: 'workingDays' }, { value: 2, unit: 'workingHours' }] });
    expect(iso(r.dueAt)).toBe('2024-10-17T11:00:00+08:00');
  });

  it('given a 2 h suspension, then the due time moves 2 office hours (over the night)', () => {
    const r = effectiveDueAt(clock, { ...base, suspensions: [{ fromMs: at('2024-10-08T10:00:00+08:00'), toMs: at('2024-10-08T12:00:00+08:00') }] });
    expect(iso(r.dueAt)).toBe('2024-10-11T11:00:00+08:00');
  });

  it('given an extension and a suspension, then the extension first and the suspended time on top', () => {
    const r = effectiveDueAt(clock, {
      ...base,
      extensions: [{ value: 5, unit: 'workingDays' }],
      suspensions: [{ fromMs: at('2024-10-08T10:00:00+08:00'), toMs: at('2024-10-08T12:00:00+08:00') }],
    });
    expect(iso(r.dueAt)).toBe('2024-10-17T11:00:00+08:00');
  });

  it('given an open suspension, then it counts up to atMs, and nothing without atMs', () => {
    const input = { ...base, suspensions: [{ fromMs: at('2024-10-09T09:00:00+08:00') }] };
    expect(iso(effectiveDueAt(clock, input, at('2024-10-09T17:30:00+08:00')).dueAt)).toBe('2024-10-11T17:30:00+08:00');
    expect(iso(effectiveDueAt(clock, input).dueAt)).toBe('2024-10-10T17:30:00+08:00');
  });

  it('given overlapping suspensions and one that began before the start, then the union after the start counts once', () => {
    const r = effectiveDueAt(clock, {
      ...base,
      suspensions: [
        { fromMs: at('2024-10-08T10:00:00+08:00'), toMs: at('2024-10-08T12:00:00+08:00') },
        { fromMs: at('2024-10-08T11:00:00+08:00'), toMs: at('2024-10-08T14:00:00+08:00') },
        { fromMs: at('2024-09-30T15:00:00+08:00'), toMs: at('2024-09-30T16:30:00+08:00') },
      ],
    });
    // 10:00–14:00 is 2.5 office hours, 16:00–16:30 half an hour: 3 h after 10-10 17:30
    expect(iso(r.dueAt)).toBe('2024-10-11T12:00:00+08:00');
  });

  it('given an extension into 2027, then the result is provisional', () => {
    const r = effectiveDueAt(clock, { ...base, startMs: at('2026-12-01T10:00:00+08:00'), extensions: [{ value: 30, unit: 'workingDays' }] });
    expect(r.provisional).toBe(true);
  });
});

describe('elapsedOfficeSeconds', () => {
  it('given a suspension, then its office time is excluded', () => {
    const input = { ...base, suspensions: [{ fromMs: at('2024-10-08T10:00:00+08:00'), toMs: at('2024-10-08T12:00:00+08:00') }] };
    // 09-30 16:00–17:30 (1.5 h) + 10-08 (7 h) + 10-09 09:00–12:00 (3 h) − 2 h
    expect(elapsedOfficeSeconds(clock, input, at('2024-10-09T12:00:00+08:00'))).toBe(9.5 * HOUR);
  });

  it('given an open suspension, then it is excluded up to atMs', () => {
    const input = { ...base, suspensions: [{ fromMs: at('2024-10-08T09:00:00+08:00') }] };
    expect(elapsedOfficeSeconds(clock, input, at('2024-10-09T12:00:00+08:00'))).toBe(1.5 * HOUR);
  });

  it('given atMs before the start, then 0', () => {
    expect(elapsedOfficeSeconds(clock, base, at('2024-09-30T10:00:00+08:00'))).toBe(0);
  });
});

describe('alertState (default ladder: approaching ≤ 1 wd or ≤ 20 %, yellow card when overdue, red card 3 wd later)', () => {
  // 10 wd from 10-08: 10-09, 10, 11, 12 (Sat, make-up), 14, 15, 16, 17, 18, 21 → 10-21 17:30;
  // the case has 77 office hours, 20 % = 15.4 h: 10-21 (7 h) + 10-18 (7 h) + 84 min of 10-17 → 16:06
  const tenDays: CaseClockInput = { startMs: at('2024-10-08T09:00:00+08:00'), limit: { value: 10, unit: 'workingDays' }, extensions: [], suspensions: [] };
  const state = (t: string) => alertState(clock, tenDays, at(t));

  it('then the defaults are 1, 0.2, 3', () => {
    expect(DEFAULT_ALERT_LADDER).toEqual({ approachingWorkingDays: 1, approachingFraction: 0.2, redCardAfterWorkingDays: 3 });
  });

  it('given 20 % of the limit not yet reached, then normal', () => {
    expect(state('2024-10-17T16:05:59+08:00')).toMatchObject({ level: 'normal', reached: [], dueAt: at('2024-10-21T17:30:00+08:00') });
  });

  it('given 20 % remaining, then approaching', () => {
    expect(state('2024-10-17T16:06:00+08:00')).toMatchObject({ level: 'approaching', remainingOfficeSeconds: 15.4 * HOUR });
  });

  it('given exactly the due time, then still only approaching (on time)', () => {
    expect(state('2024-10-21T17:30:00+08:00')).toMatchObject({ level: 'approaching', remainingOfficeSeconds: 0 });
  });

  it('given one second past due, then overdue and yellow card', () => {
    expect(state('2024-10-21T17:30:01+08:00')).toMatchObject({ level: 'yellowCard', reached: ['approaching', 'overdue', 'yellowCard'] });
  });

  it('given still open after the close of the 3rd working day after the due date, then red card', () => {
    expect(state('2024-10-24T17:30:00+08:00').level).toBe('yellowCard');
    expect(state('2024-10-24T17:30:01+08:00')).toMatchObject({ level: 'redCard', reached: ['approaching', 'overdue', 'yellowCard', 'redCard'] });
    expect(state('2024-10-24T17:30:01+08:00').remainingOfficeSeconds).toBe(-3 * 25_200);
  });

  it('given a short limit, then ≤ 1 working day remaining is approaching', () => {
    const s = alertState(clock, base, at('2024-10-09T17:30:00+08:00'));
    expect(s.level).toBe('approaching');
    expect(alertState(clock, base, at('2024-10-09T17:29:59+08:00')).level).toBe('normal');
  });

  it('given a custom ladder, then it is used', () => {
    const s = alertState(clock, tenDays, at('2024-10-21T17:30:01+08:00'), { approachingWorkingDays: 0, approachingFraction: 0, redCardAfterWorkingDays: 0 });
    expect(s.reached).toEqual(['approaching', 'overdue', 'yellowCard', 'redCard']);
  });

  it('given an open suspension, then remaining office time stays put while suspended', () => {
    const suspended = { ...tenDays, suspensions: [{ fromMs: at('2024-10-10T09:00:00+08:00') }] };
    const a = alertState(clock, suspended, at('2024-10-10T10:00:00+08:00')).remainingOfficeSeconds;
    const b = alertState(clock, suspended, at('2024-10-15T16:00:00+08:00')).remainingOfficeSeconds;
    expect(a).toBe(b);
    expect(a).toBe(alertState(clock, tenDays, at('2024-10-10T09:00:00+08:00')).remainingOfficeSeconds);
  });
});

describe('segmentElapsed', () => {
  it('given transfers, then each receiving department counts from the day after the handover', () => {
    const r = segmentElapsed(
      clock,
      [
        { departmentId: 'A', fromMs: at('2024-10-08T10:00:00+08:00'), toMs: at('2024-10-09T11:00:00+08:00') },
        { departmentId: 'B', fromMs: at('2024-10-09T11:00:00+08:00'), toMs: at('2024-10-11T12:00:00+08:00') },
        { departmentId: 'A', fromMs: at('2024-10-11T12:00:00+08:00') },
      ],
      at('2024-10-12T12:00:00+08:00'),
    );
    // A: 10-08 10:00–17:30 (6 h) + 10-09 09:00–11:00 (2 h) + 10-12 (make-up Saturday) 09:00–12:00 (3 h)
    // B: from 10-10 00:00: 10-10 (7 h) + 10-11 09:00–12:00 (3 h)
    expect(r).toEqual({ A: 11 * HOUR, B: 10 * HOUR });
  });

  it('given a segment whose next day has not begun at atMs, then 0 for it', () => {
    const r = segmentElapsed(
      clock,
      [
        { departmentId: 'A', fromMs: at('2024-10-08T10:00:00+08:00'), toMs: at('2024-10-08T11:00:00+08:00') },
        { departmentId: 'B', fromMs: at('2024-10-08T11:00:00+08:00') },
      ],
      at('2024-10-08T16:00:00+08:00'),
    );
    expect(r).toEqual({ A: HOUR, B: 0 });
  });
});
