import type { LocalDate } from '@banjian/core';
import { clockOf, itemActiveOn, itemVersionOn, type HallContext, type ItemFacts } from '../cases/context';
import { add, ratio, ratioOfDecimal, type Ratio } from './exact';
import { percentFigure, ratioFigure, type Figure } from './figure';
import type { FigureId } from './definitions';

interface LimitSums {
  items: number;
  statutory: Ratio;
  promised: Ratio;
}

/** A limit in working days: working days as they are, hours by the hall's office hours; natural days have none. */
const inWorkingDays = (ctx: HallContext, item: ItemFacts, limit: { value: number; unit: string }): Ratio | undefined => {
  if (limit.unit === 'workingDays') return ratioOfDecimal(limit.value);
  if (limit.unit === 'workingHours') return ratio(ratioOfDecimal(limit.value).n * 3600n, ratioOfDecimal(limit.value).d * BigInt(clockOf(ctx, item.hallId).officeSecondsPerDay));
  return undefined;
};

/**
 * 平均法定/承诺时限 and 承诺提速 (spec §5): item-weighted over the catalogue items stationed at the
 * halls on `onDate` (the period's last day), grouped by `groupOf` (department, item, hall or all).
 */
export const catalogueFigures = (
  ctx: HallContext,
  halls: ReadonlySet<string> | undefined,
  onDate: LocalDate,
  groupOf: (item: ItemFacts, departmentId: string) => string,
): Map<string, Partial<Record<FigureId, Figure>>> => {
  const sums = new Map<string, LimitSums>();
  for (const item of ctx.items.values()) {
    if ((halls && !halls.has(item.hallId)) || !itemActiveOn(item, onDate)) continue;
    const version = itemVersionOn(item, onDate);
    if (!version) continue;
    const statutory = inWorkingDays(ctx, item, version.limits.statutory);
    const promised = inWorkingDays(ctx, item, version.limits.promised);
    if (!statutory || !promised) continue;
    const key = groupOf(item, version.departmentId);
    const s = sums.get(key) ?? { items: 0, statutory: ratio(0, 1), promised: ratio(0, 1) };
    s.items += 1;
    s.statutory = add(s.statutory, statutory);
    s.promised = add(s.promised, promised);
    sums.set(key, s);
  }
  const out = new Map<string, Partial<Record<FigureId, Figure>>>();
  for (const [key, s] of sums) {
    const items = ratio(s.items, 1);
    const saved = add(s.statutory, { n: -s.promised.n, d: s.promised.d });
    out.set(key, {
      averageStatutoryLimit: ratioFigure('averageStatutoryLimit', s.statutory, items),
      averagePromisedLimit: ratioFigure('averagePromisedLimit', s.promised, items),
      promisedSpeedup: s.statutory.n === 0n ? percentFigure('promisedSpeedup', 0, 0) : ratioFigure('promisedSpeedup', saved, s.statutory),
    });
  }
  return out;
};
