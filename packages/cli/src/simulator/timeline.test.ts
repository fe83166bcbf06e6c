import { chinaCalendar, createWorkClock } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { createAgenda } from './agenda';
import { createRandom } from './random';
import { uuidV7At } from './stamping-store';
import { createTimeline, daysLater, later, OFFICE_MINUTES } from './timeline';

describe('timeline', () => {
  const clock = createWorkClock({ calendar: chinaCalendar() });
  const timeline = createTimeline(clock, 2025);

  it('given any moment, then its instant is the work clock’s, morning and afternoon office hours', () => {
    for (let day = 0; day < timeline.daysInYear; day += 17) {
      for (const minute of [0, 179, 180, OFFICE_MINUTES - 1]) expect(timeline.instant({ day, minute })).toBe(clock.toInstant(timeline.epochMs({ day, minute })));
    }
    expect(timeline.instant({ day: 0, minute: 0 })).toBe('2025-01-02T09:00:00+08:00');
    expect(timeline.instant({ day: 0, minute: 180 })).toBe('2025-01-02T13:30:00+08:00');
    expect(timeline.daysInYear).toBe(248); // 261 weekdays − 18 holiday weekdays + 5 make-up days 调休
  });

  it('given a moment late in the day, when minutes are added, then they roll over to the next working day', () => {
    expect(later({ day: 3, minute: 410 }, 20)).toEqual({ day: 4, minute: 10 });
    expect(daysLater({ day: 3, minute: 200 }, 0, 100)).toEqual({ day: 3, minute: 201 });
    expect(daysLater({ day: 3, minute: 200 }, 2, 100)).toEqual({ day: 5, minute: 100 });
    expect(timeline.dayOf(timeline.date(42))).toBe(42);
  });
});

describe('agenda', () => {
  it('given commands planned out of order, when a day is taken, then they come in time order, ties as planned', () => {
    const agenda = createAgenda();
    const at = (day: number, minute: number, id: string) => ({ at: { day, minute }, command: { type: id } as never });
    agenda.add([at(1, 50, 'c'), at(0, 10, 'a'), at(1, 5, 'b'), at(1, 50, 'd'), at(2, 0, 'e')]);
    expect(agenda.takeDay(0).map((p) => (p.command as { type: string }).type)).toEqual(['a']);
    expect(agenda.takeDay(1).map((p) => (p.command as { type: string }).type)).toEqual(['b', 'c', 'd']);
    expect(agenda.size).toBe(1);
  });
});

describe('seeded event ids', () => {
  it('given an instant, then the id is a uuid v7 of that millisecond, the same for the same seed', () => {
    const ms = Date.parse('2025-03-04T09:15:00+08:00');
    const id = uuidV7At(ms, createRandom(5));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(uuidV7At(ms, createRandom(5))).toBe(id);
    expect(uuidV7At(ms, createRandom(6))).not.toBe(id);
  });
});
