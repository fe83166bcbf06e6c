import { chinaCalendar, createWorkClock } from '@banjian/core';
import { workingDayLimits } from './case-script';
import { defineItems, registerHall, type ItemSetup } from './hall-setup';
import { createLogWriter } from './log-writer';
import { caseIds, deskOf, placeCase, standardDesks } from './place-case';
import { atTime, spread, workingDaysIn } from './working-days';

/**
 * Seed 000 (a hall with early completions): 受理 10018, 9519 completed at least one working day
 * before the due date, 499 on the due day, none late — 提前办结率 95.02 %, 按时办结率 100 %.
 * Promised limit 5 working days, on the 2023 calendar.
 */
export const EARLY = { hallId: 'early-hall', accepted: 10018, early: 9519, promisedDays: 5 } as const;

const desks = standardDesks(6);

export const buildEarlyHall = async () => {
  const clock = createWorkClock({ calendar: chinaCalendar() });
  const writer = createLogWriter();
  const items: ItemSetup[] = Array.from({ length: 30 }, (_, i) => ({
    itemCode: `EARLY-${String(i + 1).padStart(3, '0')}`, departmentId: desks[i % desks.length]!.departmentId, kind: 'promised' as const,
    limits: workingDayLimits(20, EARLY.promisedDays),
  }));
  const nextCase = caseIds('early');
  registerHall(writer, clock, { hallId: EARLY.hallId, name: '政务服务中心', level: 'county', desks, at: atTime(clock, '2022-12-01', '08:00') });
  defineItems(writer, clock, EARLY.hallId, items, atTime(clock, '2022-12-01', '08:10'));
  // accepted up to mid-December, so every case is completed within the year
  const days = workingDaysIn(clock, '2023-01-01', '2023-12-18');
  for (let i = 0; i < EARLY.accepted; i++) {
    const item = items[i % items.length]!;
    const onDueDay = i % 20 === 19 && Math.floor(i / 20) < EARLY.accepted - EARLY.early;
    placeCase(writer, clock, {
      caseId: nextCase(), hallId: EARLY.hallId, item, desk: deskOf(desks, item), date: spread(days, EARLY.accepted, i), slot: i,
      // on the due day at 16:30, before the close of office hours; otherwise two working days after acceptance
      completeAfterDays: onDueDay ? EARLY.promisedDays : 2,
      completeAt: onDueDay ? '16:30' : '15:00',
    });
  }
  return writer.flush();
};
