import { isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { createDirectory } from './directory';
import { createHallDecider } from './hall-decider';
import { actors } from './hall.fixture';
import { refusal, streamHarness } from './stream.fixture';

const AT = '2025-01-06T09:00:00+08:00';

const hall = (events: { type: string; data: unknown }[] = []) => {
  const directory = createDirectory(events);
  return streamHarness(createHallDecider({ directory }), directory, AT);
};

const refused = refusal;

const registered = () => {
  const h = hall();
  h.run('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county' });
  h.run('RegisterDepartment', { hallId: 'h1', departmentId: 'market', name: '市场监管局' });
  return h;
};

describe('hall registration', () => {
  it('given a new hall, when registered without zone, hours or calendar, then the defaults are recorded', () => {
    const result = hall().attempt('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county' });
    expect(isRight(result) && result.right).toEqual([
      { type: 'HallRegistered', data: { hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' } },
    ]);
  });

  it('given a registered hall, when registered again, then conflict hall.register.once', () => {
    expect(refused(registered().attempt('RegisterHall', { hallId: 'h1', name: 'x', level: 'county' }))).toMatchObject({ kind: 'conflict', rule: 'hall.register.once', streamId: 'hall-h1' });
  });

  it('given a city parent, when a county registers under it, then it is allowed; a city under a county is invalidCommand hall.parent.higherLevel', () => {
    const h = hall([{ type: 'HallRegistered', data: { hallId: 'city', name: '市中心', level: 'city', timeZone: 'Asia/Shanghai', officeHours: [], calendarId: 'cn' } }]);
    expect(isRight(h.attempt('RegisterHall', { hallId: 'h1', name: 'n', level: 'county', parentId: 'city' }))).toBe(true);
    h.run('RegisterHall', { hallId: 'h1', name: 'n', level: 'county', parentId: 'city' });
    expect(refused(hall([...h.directory.halls().map((x) => ({ type: 'HallRegistered', data: x }))]).attempt('RegisterHall', { hallId: 'h2', name: 'n', level: 'city', parentId: 'h1' }))).toMatchObject({
      kind: 'invalidCommand', rule: 'hall.parent.higherLevel',
    });
  });

  it('given an unknown parent, then notFound hall.parent.registered', () => {
    expect(refused(hall().attempt('RegisterHall', { hallId: 'h1', name: 'n', level: 'township', parentId: 'nowhere' }))).toMatchObject({ kind: 'notFound', rule: 'hall.parent.registered' });
  });

  it('given bad office hours or zone, then invalidCommand naming the rule', () => {
    expect(refused(hall().attempt('RegisterHall', { hallId: 'h1', name: 'n', level: 'county', officeHours: [['12:00', '09:00']] }))).toMatchObject({ kind: 'invalidCommand', rule: 'hall.officeHours.valid' });
    expect(refused(hall().attempt('RegisterHall', { hallId: 'h1', name: 'n', level: 'county', timeZone: 'Mars/Olympus' }))).toMatchObject({ kind: 'invalidCommand', rule: 'hall.timeZone.valid' });
  });

  it('given window staff, when they register a hall, then forbidden auth.orgAdmin.systemOnly', () => {
    const h = registered();
    h.run('RegisterStaff', { hallId: 'h1', staffId: 's-market', role: 'windowStaff', departmentId: 'market' });
    expect(refused(h.attempt('RegisterDepartment', { hallId: 'h1', departmentId: 'tax', name: '税务局' }, actors.market))).toMatchObject({ kind: 'forbidden', rule: 'auth.orgAdmin.systemOnly', command: 'RegisterDepartment' });
  });
});

describe('departments, windows, staff and devices', () => {
  it('given an unregistered hall, when a department is registered, then illegalTransition hall.registeredFirst', () => {
    expect(refused(hall().attempt('RegisterDepartment', { hallId: 'h1', departmentId: 'd', name: 'n' }))).toMatchObject({ kind: 'illegalTransition', rule: 'hall.registeredFirst', state: 'new' });
  });

  it('given a department, when registered twice, then conflict department.register.once', () => {
    expect(refused(registered().attempt('RegisterDepartment', { hallId: 'h1', departmentId: 'market', name: 'n' }))).toMatchObject({ kind: 'conflict', rule: 'department.register.once' });
  });

  it('given a department window without a department, then invalidCommand window.department.named; an unknown department is notFound', () => {
    const h = registered();
    expect(refused(h.attempt('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department' }))).toMatchObject({ kind: 'invalidCommand', rule: 'window.department.named' });
    expect(refused(h.attempt('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'tax' }))).toMatchObject({ kind: 'notFound', rule: 'window.department.registered' });
  });

  it('given an open window, when opened again, then conflict; when closed twice, then illegalTransition window.close.onlyWhenOpen', () => {
    const h = registered();
    h.run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' });
    expect(refused(h.attempt('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'general' }))).toMatchObject({ kind: 'conflict', rule: 'window.open.notAlreadyOpen' });
    h.run('CloseWindow', { hallId: 'h1', windowId: 'w1' });
    expect(h.directory.window('h1', 'w1')?.open).toBe(false);
    expect(refused(h.attempt('CloseWindow', { hallId: 'h1', windowId: 'w1' }))).toMatchObject({ kind: 'illegalTransition', rule: 'window.close.onlyWhenOpen' });
  });

  it('given staff at a department window of another department, then invalidCommand staff.window.sameDepartment', () => {
    const h = registered();
    h.run('RegisterDepartment', { hallId: 'h1', departmentId: 'tax', name: '税务局' });
    h.run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' });
    expect(refused(h.attempt('RegisterStaff', { hallId: 'h1', staffId: 's', role: 'windowStaff', departmentId: 'tax', windowId: 'w1' }))).toMatchObject({ kind: 'invalidCommand', rule: 'staff.window.sameDepartment' });
  });

  it('given a chief representative without a department, then invalidCommand staff.department.named; twice registered is conflict', () => {
    const h = registered();
    expect(refused(h.attempt('RegisterStaff', { hallId: 'h1', staffId: 'c', role: 'chiefRepresentative' }))).toMatchObject({ kind: 'invalidCommand', rule: 'staff.department.named' });
    h.run('RegisterStaff', { hallId: 'h1', staffId: 'c', role: 'chiefRepresentative', departmentId: 'market' });
    expect(refused(h.attempt('RegisterStaff', { hallId: 'h1', staffId: 'c', role: 'approver' }))).toMatchObject({ kind: 'conflict', rule: 'staff.register.once' });
  });

  it('given a closed window, when a device is installed there, then notFound device.window.open', () => {
    const h = registered();
    expect(refused(h.attempt('InstallDevice', { hallId: 'h1', deviceId: 'pad', windowId: 'w9' }))).toMatchObject({ kind: 'notFound', rule: 'device.window.open' });
  });
});
