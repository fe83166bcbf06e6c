import type { CaseKind, Limits } from '@banjian/core';
import type { ItemConfig } from './hall-config';
import type { Random } from './random';

/** What a department's items look like: base names, how the kinds fall, investment projects. */
export interface DepartmentProfile {
  readonly departmentId: string;
  readonly name: string;
  /** Relative number of items the department stations at the hall. */
  readonly items: number;
  readonly names: readonly string[];
  /** Weights of immediate, promised, joint, escalated items. */
  readonly kinds: readonly [number, number, number, number];
  readonly investment?: boolean;
}

/** Σ limits in working days over a catalogue (seed 004: 197 items, Σ statutory 4092, Σ promised 2585). */
export interface LimitTotals {
  readonly statutory: number;
  readonly promised: number;
}

const KINDS: readonly CaseKind[] = ['immediate', 'promised', 'joint', 'escalated'];
/** Registration verbs that make one base item several: 设立, 变更, 注销, 延续. */
const VARIANTS = ['', '（变更）', '（注销）', '（延续）', '（补证）', '（换证）'];

const wd = (value: number) => ({ value, unit: 'workingDays' as const });

/** Statutory limits of promised items: 行政许可法 §42 (20 wd) dominates, special laws give 10–60. */
const STATUTORY_PATTERN = [20, 20, 20, 20, 20, 20, 30, 15, 20, 30, 10, 45, 20, 60, 20, 15];

const itemLimits = (kind: CaseKind, rng: Random): Limits => {
  if (kind === 'immediate') return { statutory: wd(rng.chance(0.5) ? 1 : rng.pick([5, 10, 20])), promised: wd(1) };
  const statutory = rng.pick(STATUTORY_PATTERN);
  const floor = kind === 'promised' ? 3 : 10;
  const promised = Math.max(Math.min(floor, statutory), Math.round(statutory * (0.5 + rng.next() * 0.25)));
  return { statutory: wd(statutory), promised: wd(promised) };
};

/** How many items each department gets out of `count` (largest remainder, at least one each while possible). */
const allocate = (weights: readonly number[], count: number): number[] => {
  const total = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / total) * count);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; out.reduce((s, x) => s + x, 0) < count; k++) out[order[k % order.length]![1]]!++;
  return out;
};

/**
 * Moves limits one working day at a time until Σ matches the target, keeping promised ≤ statutory
 * and each limit within its bounds; stops early when no item can move further.
 */
const fitTotal = (values: number[], target: number, bounds: (i: number) => readonly [number, number]): void => {
  let diff = target - values.reduce((s, v) => s + v, 0);
  while (diff !== 0) {
    const step = Math.sign(diff);
    let moved = false;
    for (let i = 0; i < values.length && diff !== 0; i++) {
      const [min, max] = bounds(i);
      const next = values[i]! + step;
      if (next < min || next > max) continue;
      values[i] = next;
      diff -= step;
      moved = true;
    }
    if (!moved) return;
  }
};

/** Only promised, joint and escalated items move; immediate items stay at their 即办 limits. */
const fitLimits = (items: ItemConfig[], totals: LimitTotals): ItemConfig[] => {
  const movable = items.map((item, i) => [item, i] as const).filter(([item]) => item.kind !== 'immediate');
  const fixed = (of: 'statutory' | 'promised') => items.filter((i) => i.kind === 'immediate').reduce((s, i) => s + i.limits[of].value, 0);
  const statutory = movable.map(([item]) => item.limits.statutory.value);
  fitTotal(statutory, totals.statutory - fixed('statutory'), () => [10, 60]);
  const promised = movable.map(([item], k) => Math.min(item.limits.promised.value, statutory[k]!));
  fitTotal(promised, totals.promised - fixed('promised'), (k) => [movable[k]![0].kind === 'promised' ? 3 : 10, statutory[k]!]);
  const out = [...items];
  movable.forEach(([item, i], k) => {
    out[i] = { ...item, limits: { statutory: wd(statutory[k]!), promised: wd(promised[k]!) } };
  });
  return out;
};

/** Popularity: immediate items (户籍, 社保, 个体登记) carry most of a hall's volume (seed 004: 日结率 61 %). */
const POPULARITY: Readonly<Record<CaseKind, number>> = { immediate: 40, promised: 6, joint: 1, escalated: 1 };

/**
 * A catalogue of `count` items over the departments' profiles: names from the profiles, kinds by the
 * profiles' weights, limits from a realistic pattern, optionally fitted to Σ statutory / Σ promised.
 */
export const buildCatalogue = (options: {
  readonly prefix: string;
  readonly count: number;
  readonly profiles: readonly DepartmentProfile[];
  readonly rng: Random;
  readonly totals?: LimitTotals;
}): ItemConfig[] => {
  const { prefix, count, profiles, rng } = options;
  const perDepartment = allocate(profiles.map((p) => p.items), count);
  const items: ItemConfig[] = [];
  profiles.forEach((profile, d) => {
    for (let k = 0; k < perDepartment[d]!; k++) {
      const kind = KINDS[rng.weighted(profile.kinds)]!;
      const base = profile.names[k % profile.names.length]!;
      const variant = VARIANTS[Math.floor(k / profile.names.length) % VARIANTS.length]!;
      const round = Math.floor(k / (profile.names.length * VARIANTS.length));
      items.push({
        itemCode: `${prefix}${String(items.length + 1).padStart(3, '0')}`,
        name: `${base}${variant}${round > 0 ? `（${round + 1}）` : ''}`,
        departmentId: profile.departmentId,
        kind,
        limits: itemLimits(kind, rng),
        weight: POPULARITY[kind] * (0.5 + rng.next()),
        ...(profile.investment && kind !== 'immediate' ? { investment: true } : {}),
      });
    }
  });
  return options.totals ? fitLimits(items, options.totals) : items;
};
