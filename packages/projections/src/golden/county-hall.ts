import { chinaCalendar, createWorkClock, type CaseKind, type Limits } from '@banjian/core';
import { caseScript, workingDayLimits } from './case-script';
import { defineItems, recordConsultation, registerHall, type ItemSetup } from './hall-setup';
import { caseIds, deskOf, placeCase, standardDesks } from './place-case';
import { createLogWriter } from './log-writer';
import { atTime, spread, workingDaysIn } from './working-days';

/**
 * Seed 004 (county hall report, 1 Jan – 30 Nov): 咨询 1535, 申请 11871, 受理 11866, 办结 11690,
 * 7287 same-day, a 197-item catalogue (Σ statutory 4092 wd, Σ promised 2585 wd), last year's
 * Jan–Nov completions 833, 投资 5860 万元, Jun–Nov 回访 58 and no complaint. The shape below is one
 * log with those totals: cases on real working days of the 2024 calendar, carry-in from December
 * 2023, cases still open at the end of November.
 */
export const COUNTY = {
  hallId: 'county-hall',
  year: 2024,
  consultations: 1535,
  rejected: 5,
  accepted: 11866,
  sameDay: 7287,
  carryIn: 40,
  openAtEnd: 216,
  lastYearCompleted: 833,
  followUpsJunNov: 58,
  /** 5860 万元 over twelve investment projects. */
  investments: [9_800_000, 8_200_000, 7_500_000, 6_000_000, 5_400_000, 4_800_000, 4_100_000, 3_700_000, 3_000_000, 2_600_000, 2_100_000, 1_400_000],
} as const;

const desks = standardDesks(8);

/** 40 immediate items (20 / 1 wd) and 157 promised items: Σ statutory 4092, Σ promised 2585. */
export const countyCatalogue = (): ItemSetup[] => {
  const items: ItemSetup[] = [];
  for (let i = 0; i < 197; i++) {
    const immediate = i < 40;
    const p = i - 40;
    const limits: Limits = immediate ? workingDayLimits(20, 1) : workingDayLimits(p < 152 ? 21 : 20, p < 33 ? 17 : 16);
    const kind: CaseKind = immediate ? 'immediate' : 'promised';
    items.push({ itemCode: `ITEM-${String(i + 1).padStart(3, '0')}`, departmentId: desks[i % desks.length]!.departmentId, kind, limits });
  }
  return items;
};

/** Builds the county hall's log (2022 registration to December 2024) in a memory store. */
export const buildCountyHall = async () => {
  const nextCase = caseIds('county');
  let followUps = 0;
  const clock = createWorkClock({ calendar: chinaCalendar() });
  const writer = createLogWriter();
  const items = countyCatalogue();
  registerHall(writer, clock, { hallId: COUNTY.hallId, name: '县政务服务中心', level: 'county', desks, at: atTime(clock, '2022-12-01', '08:00') });
  defineItems(writer, clock, COUNTY.hallId, items, atTime(clock, '2022-12-01', '08:10'));
  const immediate = items.filter((i) => i.kind === 'immediate');
  const promised = items.filter((i) => i.kind === 'promised');

  // last year: 833 completions in Jan–Nov 2023, and the December 2023 cases carried into January
  const lastYear = workingDaysIn(clock, '2023-01-01', '2023-11-24');
  const worked = (date: string, slot: number, item: ItemSetup, completeAfterDays: number, extra: { investment?: number; followUp?: boolean } = {}) =>
    placeCase(writer, clock, { caseId: nextCase(), hallId: COUNTY.hallId, item, desk: deskOf(desks, item), date, slot, completeAfterDays, ...extra });
  for (let i = 0; i < COUNTY.lastYearCompleted; i++) worked(spread(lastYear, COUNTY.lastYearCompleted, i), i, promised[i % promised.length]!, 3);
  const lateDecember = workingDaysIn(clock, '2023-12-25', '2024-01-01');
  for (let i = 0; i < COUNTY.carryIn; i++) worked(spread(lateDecember, COUNTY.carryIn, i), i, promised[i % promised.length]!, 6);

  const year = workingDaysIn(clock, '2024-01-01', '2024-12-01');
  const lastThree = year.slice(-3); // 27–29 Nov: completed three working days later, in December
  const body = year.slice(0, -3);
  for (let i = 0; i < COUNTY.sameDay; i++) worked(spread(year, COUNTY.sameDay, i), i, immediate[i % immediate.length]!, 0);
  const promisedInPeriod = COUNTY.accepted - COUNTY.sameDay - COUNTY.openAtEnd;
  for (let i = 0; i < promisedInPeriod; i++) {
    const investment = i % 300 === 7 && Math.floor(i / 300) < COUNTY.investments.length ? COUNTY.investments[Math.floor(i / 300)] : undefined;
    const date = spread(body, promisedInPeriod, i);
    const followUp = i % 30 === 3 && date >= '2024-06-01' && followUps < COUNTY.followUpsJunNov;
    if (followUp) followUps++;
    worked(date, i, promised[i % promised.length]!, 3, { ...(investment ? { investment } : {}), followUp });
  }
  for (let i = 0; i < COUNTY.openAtEnd; i++) worked(spread(lastThree, COUNTY.openAtEnd, i), i, promised[i % promised.length]!, 3);
  for (let i = 0; i < COUNTY.rejected; i++) {
    const date = spread(year, COUNTY.rejected, i);
    caseScript(writer, clock, { caseId: nextCase(), hallId: COUNTY.hallId, itemCode: promised[i]!.itemCode })
      .submit(atTime(clock, date, '10:00'))
      .reject(atTime(clock, date, '10:30'));
  }
  for (let i = 0; i < COUNTY.consultations; i++) {
    const date = spread(year, COUNTY.consultations, i);
    recordConsultation(writer, clock, { consultationId: `q-${i + 1}`, hallId: COUNTY.hallId, desk: desks[i % desks.length]! }, atTime(clock, date, '14:00', i % 600));
  }
  if (followUps !== COUNTY.followUpsJunNov) throw new Error(`county scenario placed ${followUps} follow-ups`);
  return writer.flush();
};
