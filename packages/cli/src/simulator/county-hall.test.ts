import { describe, expect, it } from 'vitest';
import { defaultCountyHall, SEED_004_TOTALS } from './county-hall';

describe('defaultCountyHall', () => {
  const setup = defaultCountyHall();
  const county = setup.halls[0]!;

  it('given the defaults, then it is seed 004: 197 items with Σ statutory 4092 and Σ promised 2585 working days', () => {
    expect(county.items).toHaveLength(197);
    const sum = (of: 'statutory' | 'promised') => county.items.reduce((s, i) => s + i.limits[of].value, 0);
    expect(sum('statutory')).toBe(SEED_004_TOTALS.statutory);
    expect(sum('promised')).toBe(SEED_004_TOTALS.promised);
    expect((sum('statutory') / 197).toFixed(2)).toBe('20.77');
    expect((sum('promised') / 197).toFixed(2)).toBe('13.12');
  });

  it('then every item keeps promised ≤ statutory, immediate items promise one day, and all four kinds are there', () => {
    for (const hall of setup.halls) {
      for (const item of hall.items) {
        expect(item.limits.promised.value).toBeLessThanOrEqual(item.limits.statutory.value);
        if (item.kind === 'immediate') expect(item.limits.promised).toEqual({ value: 1, unit: 'workingDays' });
        expect(hall.departments.some((d) => d.departmentId === item.departmentId)).toBe(true);
      }
    }
    expect(new Set(county.items.map((i) => i.kind))).toEqual(new Set(['immediate', 'promised', 'joint', 'escalated']));
  });

  it('then the county hall has 15 windows — 3 general, a fees and a complaints window — each counter with a device', () => {
    expect(county.windows).toHaveLength(15);
    const kinds = county.windows.map((w) => w.kind);
    expect(kinds.filter((k) => k === 'general')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'fees')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'complaints')).toHaveLength(1);
    for (const w of county.windows.filter((w) => w.kind !== 'enquiry')) expect(w.devices).toBeGreaterThan(0);
  });

  it('then three township centres sit below it, and every department has a chief representative and an approver', () => {
    expect(setup.halls.slice(1).map((h) => [h.level, h.parentId])).toEqual([['township', 'county'], ['township', 'county'], ['township', 'county']]);
    for (const hall of setup.halls) {
      for (const d of hall.departments.filter((d) => hall.items.some((i) => i.departmentId === d.departmentId))) {
        expect(hall.staff.some((s) => s.role === 'chiefRepresentative' && s.departmentId === d.departmentId)).toBe(true);
        expect(hall.staff.some((s) => s.role === 'approver' && s.departmentId === d.departmentId)).toBe(true);
      }
    }
  });

  it('given other sizes, then items, windows and townships follow and the average limits stay near seed 004', () => {
    const other = defaultCountyHall({ itemCount: 60, windowCount: 8, townshipCount: 5 });
    expect(other.halls).toHaveLength(6);
    expect(other.halls[0]!.items).toHaveLength(60);
    expect(other.halls[0]!.windows).toHaveLength(8);
    const avg = other.halls[0]!.items.reduce((s, i) => s + i.limits.statutory.value, 0) / 60;
    expect(avg).toBeCloseTo(20.77, 0);
    expect(() => defaultCountyHall({ windowCount: 3 })).toThrow(/at least 4 windows/);
  });
});
