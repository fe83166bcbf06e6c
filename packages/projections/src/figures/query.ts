import type { LocalDate } from '@banjian/core';
import { clockOf, hallSubtree, rootHalls, scopedKey, type HallContext } from '../cases/context';
import type { CaseFactsState } from '../cases/facts';
import { catalogueFigures } from './catalogue';
import { computeYearOverYear } from './year-over-year';
import { FIGURE_IDS, type FigureId } from './definitions';
import { figuresOfTally } from './compute';
import { keyOf, NO_KEY, type Dimension } from './dimensions';
import type { Figure } from './figure';
import { resolveOptions, type FigureOptions, type FigureOptionsInput } from './options';
import { addDays, checkPeriod, monthsIn, periodRange, yearEarlier, type Period } from './period';
import { scanFacts } from './scan';
import { createTallyBook, newTally, type TallyBook } from './tally';

export interface FigureQuery {
  period: Period;
  /** The hall, rolled up over the halls below it; all halls when omitted. */
  hall?: string;
  by?: Dimension;
  options?: FigureOptionsInput;
}

export type FigureSet = Record<FigureId, Figure>;

export interface FigureGroup {
  key: string;
  label: string;
  figures: FigureSet;
}

export interface FigureResult {
  period: Period;
  /** The halls counted (the hall and its subtree), sorted; empty = every hall. */
  halls: string[];
  zone: string;
  calendarVersion: string;
  options: FigureOptions;
  figures: FigureSet;
  groups?: FigureGroup[];
}

/** The halls a query covers, and the hall whose zone and calendar define its period. */
export const scopeOf = (ctx: HallContext, hall: string | undefined): { halls: ReadonlySet<string> | undefined; anchor: string } => {
  if (hall !== undefined) {
    if (!ctx.halls.has(hall)) throw new RangeError(`unknown hall ${JSON.stringify(hall)}`);
    return { halls: new Set(hallSubtree(ctx, hall)), anchor: hall };
  }
  return { halls: undefined, anchor: rootHalls(ctx)[0] ?? '' };
};

/** One walk's scope: the halls (undefined = all), the period as epoch ms `[start, end)`, the options, the grouping. */
export interface ScanRequest {
  halls: ReadonlySet<string> | undefined;
  startMs: number;
  endMs: number;
  options: FigureOptions;
  by: Dimension | undefined;
}

/** Where the tallies of a walk come from: the folded facts (`factsScanner`) or a read model holding the same judgements. */
export type TallyScanner = (request: ScanRequest) => TallyBook;

/** Tallies from the folded case facts, one walk per request. */
export const factsScanner = (state: CaseFactsState): TallyScanner => (request) => {
  const book = createTallyBook();
  const { halls, startMs, endMs, options, by } = request;
  scanFacts(state, { halls, startMs, endMs, options, keys: keyOf(state.context, by) }, book);
  return book;
};

const scanPeriod = (ctx: HallContext, scan: TallyScanner, query: FigureQuery, options: FigureOptions, period: Period): TallyBook => {
  const { halls, anchor } = scopeOf(ctx, query.hall);
  const [startMs, endMs] = periodRange(clockOf(ctx, anchor), period);
  return scan({ halls, startMs, endMs, options, by: query.by });
};

const complete = (partial: Partial<Record<FigureId, Figure>>, fill: Partial<Record<FigureId, Figure>>): FigureSet => {
  const out = {} as FigureSet;
  for (const id of FIGURE_IDS) {
    const f = partial[id] ?? fill[id];
    if (f) out[id] = f;
  }
  return out;
};

/**
 * Every figure of spec §5 over `[from, to)` in the anchor hall's zone: one walk over the case
 * facts per period, grouped by the dimension when asked; catalogue figures from the context;
 * `yearOverYear` from the same walk a year earlier.
 */
export const computeFigures = (state: CaseFactsState, query: FigureQuery): FigureResult => computeFiguresWith(state.context, query, factsScanner(state));

/** `computeFigures` over the hall context with tallies from `scan`. */
export const computeFiguresWith = (ctx: HallContext, query: FigureQuery, scan: TallyScanner): FigureResult => {
  const options = resolveOptions(query.options);
  const period = checkPeriod(query.period);
  const { halls, anchor } = scopeOf(ctx, query.hall);
  const months = monthsIn(period);
  const lastDay: LocalDate = addDays(period.to, -1);
  const book = scanPeriod(ctx, scan, query, options, period);
  const previous = scanPeriod(ctx, scan, query, options, { from: yearEarlier(period.from), to: yearEarlier(period.to) });
  const previousMonths = monthsIn({ from: yearEarlier(period.from), to: yearEarlier(period.to) });

  const whole = newTally();
  const wholePrevious = newTally();
  const catalogueWhole = catalogueFigures(ctx, halls, lastDay, () => '').get('') ?? {};
  const figuresOf = (tally = whole, tallyBefore = wholePrevious, catalogue = catalogueWhole): FigureSet => {
    const current = figuresOfTally(tally, months, options);
    const before = figuresOfTally(tallyBefore, previousMonths, options);
    return complete({ ...current, ...catalogue }, { yearOverYear: computeYearOverYear(options.yearOverYear, { ...current, ...catalogue }, before) });
  };

  mergeInto(whole, book);
  mergeInto(wholePrevious, previous);
  const clock = clockOf(ctx, anchor);
  const result: FigureResult = {
    period,
    halls: halls ? [...halls] : [],
    zone: clock.zone,
    calendarVersion: clock.calendar.version,
    options,
    figures: figuresOf(),
  };
  if (query.by) {
    const by = query.by;
    const catalogueGroups =
      by === 'department' || by === 'item' || by === 'hall'
        ? catalogueFigures(ctx, halls, lastDay, (item, departmentId) => (by === 'department' ? departmentId : by === 'item' ? item.itemCode : item.hallId))
        : new Map<string, Partial<Record<FigureId, Figure>>>();
    const keys = [...new Set([...book.groups.keys(), ...catalogueGroups.keys()])].sort();
    result.groups = keys.map((key) => ({
      key,
      label: labelOf(ctx, by, key, halls),
      figures: figuresOf(book.groups.get(key) ?? newTally(), previous.groups.get(key) ?? newTally(), catalogueGroups.get(key) ?? {}),
    }));
  }
  return result;
};

/** Adds every group's tally into one (the whole scope). */
const mergeInto = (target: ReturnType<typeof newTally>, book: TallyBook): void => {
  for (const t of [...book.groups.keys()].sort().map((k) => book.groups.get(k)!)) {
    for (const key of Object.keys(target) as (keyof typeof target)[]) {
      const a = target[key];
      const b = t[key];
      if (typeof a === 'number') (target as unknown as Record<string, number>)[key] = a + (b as number);
      else if (typeof a === 'bigint') (target as unknown as Record<string, bigint>)[key] = a + (b as bigint);
      else mergeMap(a as Map<unknown, unknown>, b as Map<unknown, unknown>);
    }
  }
};

const mergeMap = (a: Map<unknown, unknown>, b: Map<unknown, unknown>): void => {
  for (const [k, v] of b) {
    const prev = a.get(k);
    if (prev === undefined) a.set(k, v);
    else if (typeof prev === 'bigint') a.set(k, prev + (v as bigint));
    else {
      const p = prev as { n: bigint; d: bigint };
      const q = v as { n: bigint; d: bigint };
      a.set(k, { n: p.n * q.d + q.n * p.d, d: p.d * q.d });
    }
  }
};

/** A group's label: the registered name of a department, hall or item, else the key. */
const labelOf = (ctx: HallContext, by: Dimension, key: string, halls: ReadonlySet<string> | undefined): string => {
  if (key === NO_KEY) return '未分配 (none)';
  const candidates = halls ? [...halls] : [...ctx.halls.keys()].sort();
  switch (by) {
    case 'hall':
      return ctx.halls.get(key)?.name ?? key;
    case 'department':
      for (const h of candidates) {
        const name = ctx.departments.get(scopedKey(h, key));
        if (name) return name;
      }
      return key;
    case 'item':
      for (const h of candidates) {
        const item = ctx.items.get(scopedKey(h, key));
        if (item?.versions.length) return item.versions.at(-1)!.name;
      }
      return key;
    case 'staff':
      for (const h of candidates) {
        const name = ctx.staff.get(scopedKey(h, key))?.name;
        if (name) return name;
      }
      return key;
    default:
      return key;
  }
};
