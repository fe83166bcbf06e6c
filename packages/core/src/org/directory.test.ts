import { describe, expect, it } from 'vitest';
import { createClockResolver } from './clocks';
import { createDirectory, currentItemStatus, itemStatusOn, itemVersionOn } from './directory';
import { HALL, hallDirectory } from './hall.fixture';

const revised = (version: number, effectiveFrom: string, promised: number) => ({
  type: 'ServiceItemRevised',
  data: { hallId: HALL, itemCode: 'P1', version, name: 'P1', departmentId: 'market', kind: 'promised', limits: { promised: { value: promised, unit: 'workingDays' }, statutory: { value: 20, unit: 'workingDays' } }, effectiveFrom },
});

describe('directory read model', () => {
  it('given hall and catalogue events, then halls, staff, windows and devices are looked up by hall', () => {
    const d = hallDirectory();
    expect(d.hall(HALL)).toMatchObject({ level: 'county', calendarId: 'cn' });
    expect(d.staff(HALL, 's-market')).toMatchObject({ role: 'windowStaff', departmentId: 'market' });
    expect(d.device(HALL, 'pad-market')?.windowId).toBe('w-market');
    expect(d.staff('other-hall', 's-market')).toBeUndefined();
    expect(d.items(HALL).map((i) => i.itemCode).sort()).toEqual(['I1', 'P1', 'S1']);
  });

  it('given two versions, then the version in force on a date is the latest effective by then', () => {
    const d = hallDirectory();
    d.apply(revised(2, '2025-07-01', 3));
    const item = d.item(HALL, 'P1')!;
    expect(itemVersionOn(item, '2025-06-30')?.version).toBe(1);
    expect(itemVersionOn(item, '2025-07-01')?.version).toBe(2);
    expect(itemVersionOn(item, '2019-12-31')).toBeUndefined();
  });

  it('given a suspension effective in the future, then the item is active until that date', () => {
    const d = hallDirectory();
    d.apply({ type: 'ServiceItemSuspended', data: { hallId: HALL, itemCode: 'P1', effectiveFrom: '2025-12-01' } });
    const item = d.item(HALL, 'P1')!;
    expect(itemStatusOn(item, '2025-11-30')).toBe('active');
    expect(itemStatusOn(item, '2025-12-01')).toBe('suspended');
    expect(currentItemStatus(item)).toBe('suspended');
  });

  it('given events of other streams, when applied, then they are ignored', () => {
    const d = createDirectory();
    d.apply({ type: 'CaseAccepted', data: {} });
    expect(d.halls()).toEqual([]);
  });

  it('given a hall with its own hours, then its clock uses them; an unknown hall gets the defaults', () => {
    const d = createDirectory([{ type: 'HallRegistered', data: { hallId: 'v', name: '村代办点', level: 'village', timeZone: 'Asia/Urumqi', officeHours: [['10:00', '13:00']], calendarId: 'cn' } }]);
    const clockFor = createClockResolver(d);
    expect(clockFor('v')).toMatchObject({ zone: 'Asia/Urumqi', officeSecondsPerDay: 3 * 3600 });
    expect(clockFor('unknown')).toMatchObject({ zone: 'Asia/Shanghai', officeSecondsPerDay: 7 * 3600 });
    expect(clockFor('v')).toBe(clockFor('v'));
  });
});
