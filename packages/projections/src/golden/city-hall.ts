import { chinaCalendar, createWorkClock } from '@banjian/core';
import { caseScript, workingDayLimits } from './case-script';
import { defineItems, registerHall, type ItemSetup } from './hall-setup';
import { createLogWriter } from './log-writer';
import { caseIds, deskOf, placeCase, standardDesks } from './place-case';
import { atTime, spread, workingDaysIn } from './working-days';

/**
 * Seed 000 (city hall, 1 Jan – 31 Dec): 申请 13866, 受理 13798, 办结 13826 of which 28 accepted the
 * year before, every completion on time and at the hall, 13826 evaluations with one below
 * satisfied (基本满意) — 满意率 99.99 %, not 100.00 %. Built on the 2024 calendar.
 */
export const CITY = {
  hallId: 'city-hall',
  applications: 13866,
  accepted: 13798,
  carryIn: 28,
  /** The one evaluation below the satisfied set (level 3 基本满意). */
  unsatisfiedAt: 5000,
} as const;

const desks = standardDesks(10);

const catalogue = (): ItemSetup[] =>
  Array.from({ length: 50 }, (_, i) => ({
    itemCode: `CITY-${String(i + 1).padStart(3, '0')}`,
    departmentId: desks[i % desks.length]!.departmentId,
    kind: i % 2 === 0 ? ('immediate' as const) : ('promised' as const),
    limits: i % 2 === 0 ? workingDayLimits(10, 1) : workingDayLimits(20, 5),
  }));

export const buildCityHall = async () => {
  const clock = createWorkClock({ calendar: chinaCalendar() });
  const writer = createLogWriter();
  const items = catalogue();
  const nextCase = caseIds('city');
  let evaluations = 0;
  registerHall(writer, clock, { hallId: CITY.hallId, name: '市政务服务中心', level: 'city', desks, at: atTime(clock, '2023-01-03', '08:00') });
  defineItems(writer, clock, CITY.hallId, items, atTime(clock, '2023-01-03', '08:10'));
  const evaluate = () => {
    evaluations += 1;
    return { id: `ev-${evaluations}`, level: evaluations === CITY.unsatisfiedAt ? (3 as const) : evaluations % 3 === 0 ? (4 as const) : (5 as const) };
  };
  const place = (date: string, slot: number, item: ItemSetup, completeAfterDays: number) =>
    placeCase(writer, clock, { caseId: nextCase(), hallId: CITY.hallId, item, desk: deskOf(desks, item), date, slot, completeAfterDays, evaluation: evaluate() });

  const lateDecember = workingDaysIn(clock, '2023-12-27', '2024-01-01');
  for (let i = 0; i < CITY.carryIn; i++) place(spread(lateDecember, CITY.carryIn, i), i, items[1 + 2 * (i % 25)]!, 3);
  const year = workingDaysIn(clock, '2024-01-01', '2025-01-01');
  const lastWeek = year.at(-5)!;
  for (let i = 0; i < CITY.accepted; i++) {
    const date = spread(year, CITY.accepted, i);
    const item = items[i % items.length]!;
    // promised cases take two working days, except in the last week, where everything is finished the same day
    place(date, i, item, item.kind === 'immediate' || date >= lastWeek ? 0 : 2);
  }
  const notAccepted = CITY.applications - CITY.accepted;
  for (let i = 0; i < notAccepted; i++) {
    const date = spread(year, notAccepted, i);
    caseScript(writer, clock, { caseId: nextCase(), hallId: CITY.hallId, itemCode: items[i % items.length]!.itemCode })
      .submit(atTime(clock, date, '10:00'))
      .reject(atTime(clock, date, '10:40'));
  }
  return writer.flush();
};
