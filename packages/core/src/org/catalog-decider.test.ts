import { isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import type { Limit } from '../events/primitives';
import { createCatalogDecider } from './catalog-decider';
import { createClockResolver } from './clocks';
import { currentItemStatus } from './directory';
import { HALL, hallDirectory } from './hall.fixture';
import { refusal, streamHarness } from './stream.fixture';

const AT = '2025-01-06T09:00:00+08:00';
const wd = (value: number): Limit => ({ value, unit: 'workingDays' });

const catalog = () => {
  const directory = hallDirectory();
  return streamHarness(createCatalogDecider({ directory, clockFor: createClockResolver(directory) }), directory, AT, { hallId: HALL, itemCode: 'X1' });
};

const definition = (limits: { promised: Limit; statutory: Limit }, version = 1, effectiveFrom = '2025-01-01') => ({
  version, name: '食品经营许可', departmentId: 'market', kind: 'promised', limits, effectiveFrom,
});

const refused = refusal;

describe('service items 事项: promised ≤ statutory', () => {
  it('given promised 20 over statutory 10 working days, then invalidCommand item.limits.promisedWithinStatutory', () => {
    expect(refused(catalog().attempt('DefineServiceItem', definition({ promised: wd(20), statutory: wd(10) })))).toMatchObject({
      kind: 'invalidCommand', rule: 'item.limits.promisedWithinStatutory', streamId: 'catalog-h1',
    });
  });

  it('given mixed units, then they compare by due time: 10 natural days fit in 10 working days, 20 natural days do not', () => {
    const c = catalog();
    expect(isRight(c.attempt('DefineServiceItem', definition({ promised: { value: 10, unit: 'naturalDays' }, statutory: wd(10) })))).toBe(true);
    expect(refused(c.attempt('DefineServiceItem', definition({ promised: { value: 20, unit: 'naturalDays' }, statutory: wd(10) })))).toMatchObject({ rule: 'item.limits.promisedWithinStatutory' });
  });

  it('given 8 working hours against 1 working day (7 office hours), then the hours are too long', () => {
    expect(refused(catalog().attempt('DefineServiceItem', definition({ promised: { value: 8, unit: 'workingHours' }, statutory: wd(1) })))).toMatchObject({ rule: 'item.limits.promisedWithinStatutory' });
  });

  it('given an unknown department, then notFound item.department.registered', () => {
    expect(refused(catalog().attempt('DefineServiceItem', { ...definition({ promised: wd(1), statutory: wd(2) }), departmentId: 'mars' }))).toMatchObject({ kind: 'notFound', rule: 'item.department.registered' });
  });

  it('given a defined item, when defined again, then conflict item.define.once', () => {
    const c = catalog();
    c.run('DefineServiceItem', definition({ promised: wd(5), statutory: wd(20) }));
    expect(refused(c.attempt('DefineServiceItem', definition({ promised: wd(5), statutory: wd(20) })))).toMatchObject({ kind: 'conflict', rule: 'item.define.once' });
  });
});

describe('versions and status: revise, suspend, repeal, reinstate (never delete)', () => {
  const defined = () => {
    const c = catalog();
    c.run('DefineServiceItem', definition({ promised: wd(5), statutory: wd(20) }));
    return c;
  };

  it('given version 1, when revised as version 1, then invalidCommand item.revise.higherVersion; version 2 is kept beside version 1', () => {
    const c = defined();
    expect(refused(c.attempt('ReviseServiceItem', definition({ promised: wd(3), statutory: wd(20) }, 1)))).toMatchObject({ kind: 'invalidCommand', rule: 'item.revise.higherVersion' });
    c.run('ReviseServiceItem', definition({ promised: wd(3), statutory: wd(20) }, 2, '2025-06-01'));
    expect(c.directory.item(HALL, 'X1')?.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('given a revision effective before the current version, then invalidCommand item.revise.notEarlier', () => {
    expect(refused(defined().attempt('ReviseServiceItem', definition({ promised: wd(3), statutory: wd(20) }, 2, '2024-01-01')))).toMatchObject({ rule: 'item.revise.notEarlier' });
  });

  it('given an item, when suspended, repealed and reinstated, then each status is recorded and illegal moves are refused', () => {
    const c = defined();
    const status = { hallId: HALL, itemCode: 'X1', effectiveFrom: '2025-02-01' };
    expect(refused(c.attempt('ReinstateServiceItem', status))).toMatchObject({ kind: 'illegalTransition', rule: 'item.reinstate.onlyWhenSuspendedOrRepealed', state: 'active' });
    c.run('SuspendServiceItem', status);
    expect(refused(c.attempt('SuspendServiceItem', status))).toMatchObject({ kind: 'illegalTransition', rule: 'item.suspend.onlyWhenActive' });
    c.run('RepealServiceItem', status);
    expect(refused(c.attempt('ReviseServiceItem', definition({ promised: wd(3), statutory: wd(20) }, 2)))).toMatchObject({ kind: 'illegalTransition', rule: 'item.revise.notRepealed' });
    expect(refused(c.attempt('RepealServiceItem', status))).toMatchObject({ rule: 'item.repeal.onlyOnce' });
    c.run('ReinstateServiceItem', status);
    expect(currentItemStatus(c.directory.item(HALL, 'X1')!)).toBe('active');
  });

  it('given an undefined item, when suspended, then notFound item.defined', () => {
    expect(refused(catalog().attempt('SuspendServiceItem', { effectiveFrom: '2025-01-01' }))).toMatchObject({ kind: 'notFound', rule: 'item.defined' });
  });
});
