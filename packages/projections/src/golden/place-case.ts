import type { EvaluationLevel, WorkClock } from '@banjian/core';
import { caseScript, type Desk } from './case-script';
import type { ItemSetup } from './hall-setup';
import type { LogWriter } from './log-writer';
import { atTime, workingDayAfter } from './working-days';

/** One ordinary case of a scenario: submitted in the morning of `date`, accepted 20 minutes later. */
export interface PlacedCase {
  caseId: string;
  hallId: string;
  item: ItemSetup;
  desk: Desk;
  date: string;
  /** Spreads the case's times over the morning (minutes after 09:00) and afternoon. */
  slot: number;
  /** Completed this many working days after acceptance (0 = the same day) at `completeAt`; open when absent. */
  completeAfterDays?: number;
  completeAt?: string;
  investment?: number;
  followUp?: boolean;
  evaluation?: { id: string; level: EvaluationLevel };
}

export const placeCase = (writer: LogWriter, clock: WorkClock, c: PlacedCase): void => {
  const submitted = atTime(clock, c.date, '09:00', (c.slot % 120) * 60);
  const script = caseScript(writer, clock, { caseId: c.caseId, hallId: c.hallId, itemCode: c.item.itemCode })
    .submit(submitted, c.investment ? { investment: { amount: c.investment, currency: 'CNY' } } : {})
    .accept(submitted + 20 * 60_000, c.desk, c.item.kind, c.item.limits);
  if (c.completeAfterDays === undefined) return;
  const completedDate = c.completeAfterDays === 0 ? c.date : workingDayAfter(clock, c.date, c.completeAfterDays);
  const completed = atTime(clock, completedDate, c.completeAt ?? '15:00', c.slot % 60);
  if (c.investment) script.decide(completed - 60_000, 'approved');
  script.complete(completed).deliver(completed + 30 * 60_000);
  if (c.evaluation) script.evaluate(completed + 31 * 60_000, c.evaluation.id, c.evaluation.level);
  if (c.followUp) script.followUp(completed + 2 * 3_600_000);
};

/** `n` departments, each with one window and one member of staff. */
export const standardDesks = (n: number): Desk[] =>
  Array.from({ length: n }, (_, i) => ({ departmentId: `dept-${i + 1}`, windowId: `win-${i + 1}`, staffId: `staff-${i + 1}` }));

/** Case ids `<prefix>-000001`, … in the order asked for. */
export const caseIds = (prefix: string): (() => string) => {
  let serial = 0;
  return () => `${prefix}-${String(++serial).padStart(6, '0')}`;
};

/** The desk of an item's department. */
export const deskOf = (desks: readonly Desk[], item: ItemSetup): Desk => desks.find((d) => d.departmentId === item.departmentId) ?? desks[0]!;
