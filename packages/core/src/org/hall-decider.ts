import { left } from 'fp-ts/lib/Either';
import { produce } from '../decider/produce';
import { emit, decline, guardedDecide, type Decision, type EventUnion } from '../auth/decision';
import { domainError, type DomainError, type ErrorScope } from '../auth/errors';
import { defaultAuthorizationPolicy } from '../auth/default-policy';
import type { AuthorizationPolicy } from '../auth/policy';
import { DEFAULT_OFFICE_HOURS, DEFAULT_ZONE } from '../clock/defaults';
import { officeMinutesOf } from '../clock/office-hours';
import { resolveZone } from '../clock/zone';
import type { Decider, RecordedEvent } from '../decider/decider';
import type { HallLevel, StaffRole, WindowKind } from '../events/org';
import { hallStream } from '../events/streams';
import type { Directory } from './directory';
import type { HallCommand } from './hall-commands';

export type HallEvent = EventUnion<
  'HallRegistered' | 'DepartmentRegistered' | 'WindowOpened' | 'WindowClosed' | 'StaffRegistered' | 'DeviceInstalled'
>;

/** The hall stream's own state: what exists in it (nothing is ever removed; windows close). */
export interface HallState {
  readonly status: 'new' | 'registered';
  readonly hallId?: string;
  readonly level?: HallLevel;
  readonly departments: Readonly<Record<string, true>>;
  readonly windows: Readonly<Record<string, { readonly kind: WindowKind; readonly departmentId?: string; readonly open: boolean }>>;
  readonly staff: Readonly<Record<string, { readonly role: StaffRole; readonly departmentId?: string }>>;
  readonly devices: Readonly<Record<string, string>>;
}

export interface HallDeciderContext {
  /** Other halls (for the parent rule). */
  readonly directory: Directory;
  readonly policy?: AuthorizationPolicy;
}

/** Administrative levels, highest first: a parent is always of a higher level (省 > 市 > 县 > 乡镇 > 村). */
export const HALL_LEVEL_RANK: Readonly<Record<HallLevel, number>> = { province: 0, city: 1, county: 2, township: 3, village: 4 };

/** Staff roles that speak for one department and so must name it. */
const ROLES_WITH_DEPARTMENT: readonly StaffRole[] = ['chiefRepresentative', 'windowStaff'];

const initialState = (): HallState => ({ status: 'new', departments: {}, windows: {}, staff: {}, devices: {} });

const checkRegistration = (c: Extract<HallCommand, { type: 'RegisterHall' }>, s: HallState, scope: ErrorScope, directory: Directory): DomainError | undefined => {
  const d = c.data;
  const err = (kind: DomainError['kind'], rule: string, message: string) => domainError(kind, scope, rule, message);
  if (s.status === 'registered') return err('conflict', 'hall.register.once', `hall ${d.hallId} is already registered`);
  try {
    resolveZone(d.timeZone ?? DEFAULT_ZONE);
  } catch (e) {
    return err('invalidCommand', 'hall.timeZone.valid', (e as Error).message);
  }
  try {
    officeMinutesOf(d.officeHours ?? DEFAULT_OFFICE_HOURS);
  } catch (e) {
    return err('invalidCommand', 'hall.officeHours.valid', (e as Error).message);
  }
  if (d.parentId === undefined) return undefined;
  if (d.parentId === d.hallId) return err('invalidCommand', 'hall.parent.notItself', `hall ${d.hallId} cannot be its own parent`);
  const parent = directory.hall(d.parentId);
  if (!parent) return err('notFound', 'hall.parent.registered', `parent hall ${d.parentId} is not registered`);
  if (HALL_LEVEL_RANK[parent.level] >= HALL_LEVEL_RANK[d.level]) {
    return err('invalidCommand', 'hall.parent.higherLevel', `a ${d.level} hall cannot sit under a ${parent.level} hall`);
  }
  return undefined;
};

const rules = (directory: Directory) => (c: HallCommand, s: HallState, scope: ErrorScope): Decision<HallEvent> => {
  if (c.type === 'RegisterHall') {
    const refusal = checkRegistration(c, s, scope, directory);
    if (refusal) return left(refusal);
    const { hallId, name, level, parentId } = c.data;
    return emit({
      type: 'HallRegistered',
      data: {
        hallId, name, level, ...(parentId ? { parentId } : {}),
        timeZone: c.data.timeZone ?? DEFAULT_ZONE,
        officeHours: c.data.officeHours ?? DEFAULT_OFFICE_HOURS.map(([a, b]) => [a, b] as [string, string]),
        calendarId: c.data.calendarId ?? 'cn',
      },
    });
  }
  if (s.status === 'new') return decline('illegalTransition', scope, 'hall.registeredFirst', `hall ${c.data.hallId} is not registered`);
  const departmentKnown = (id: string | undefined) => id === undefined || s.departments[id] === true;
  switch (c.type) {
    case 'RegisterDepartment':
      return s.departments[c.data.departmentId]
        ? decline('conflict', scope, 'department.register.once', `department ${c.data.departmentId} is already registered`)
        : emit({ type: 'DepartmentRegistered', data: c.data });
    case 'OpenWindow': {
      const { windowId, kind, departmentId } = c.data;
      if (s.windows[windowId]?.open) return decline('conflict', scope, 'window.open.notAlreadyOpen', `window ${windowId} is already open`);
      if (kind === 'department' && departmentId === undefined) {
        return decline('invalidCommand', scope, 'window.department.named', 'a department window 专业窗口 must name its department');
      }
      if (!departmentKnown(departmentId)) return decline('notFound', scope, 'window.department.registered', `department ${departmentId} is not registered`);
      return emit({ type: 'WindowOpened', data: c.data });
    }
    case 'CloseWindow':
      return s.windows[c.data.windowId]?.open
        ? emit({ type: 'WindowClosed', data: c.data })
        : decline('illegalTransition', scope, 'window.close.onlyWhenOpen', `window ${c.data.windowId} is not open`);
    case 'RegisterStaff': {
      const { staffId, role, departmentId, windowId } = c.data;
      if (s.staff[staffId]) return decline('conflict', scope, 'staff.register.once', `staff ${staffId} is already registered`);
      if (departmentId === undefined && ROLES_WITH_DEPARTMENT.includes(role) && !(windowId && s.windows[windowId]?.kind === 'general')) {
        return decline('invalidCommand', scope, 'staff.department.named', `a ${role} must name a department (or sit at a general window)`);
      }
      if (!departmentKnown(departmentId)) return decline('notFound', scope, 'staff.department.registered', `department ${departmentId} is not registered`);
      const window = windowId === undefined ? undefined : s.windows[windowId];
      if (windowId !== undefined && !window?.open) return decline('notFound', scope, 'staff.window.open', `window ${windowId} is not open`);
      if (window?.kind === 'department' && window.departmentId !== departmentId) {
        return decline('invalidCommand', scope, 'staff.window.sameDepartment', `window ${windowId} belongs to department ${window.departmentId}`);
      }
      return emit({ type: 'StaffRegistered', data: c.data });
    }
    case 'InstallDevice':
      if (s.devices[c.data.deviceId]) return decline('conflict', scope, 'device.install.once', `device ${c.data.deviceId} is already installed`);
      return s.windows[c.data.windowId]?.open
        ? emit({ type: 'DeviceInstalled', data: c.data })
        : decline('notFound', scope, 'device.window.open', `window ${c.data.windowId} is not open`);
  }
};

const evolve = (state: HallState, event: RecordedEvent<HallEvent>): HallState =>
  produce(state, (s) => {
    switch (event.type) {
      case 'HallRegistered':
        s.status = 'registered';
        s.hallId = event.data.hallId;
        s.level = event.data.level;
        return;
      case 'DepartmentRegistered':
        s.departments[event.data.departmentId] = true;
        return;
      case 'WindowOpened': {
        const { kind, departmentId } = event.data;
        s.windows[event.data.windowId] = { kind, open: true, ...(departmentId ? { departmentId } : {}) };
        return;
      }
      case 'WindowClosed': {
        const w = s.windows[event.data.windowId];
        if (w) w.open = false;
        return;
      }
      case 'StaffRegistered': {
        const { role, departmentId } = event.data;
        s.staff[event.data.staffId] = { role, ...(departmentId ? { departmentId } : {}) };
        return;
      }
      case 'DeviceInstalled':
        s.devices[event.data.deviceId] = event.data.windowId;
        return;
    }
  });

/** The hall stream 服务大厅: registration, departments, windows, staff and evaluation devices. */
export const createHallDecider = (context: HallDeciderContext): Decider<HallCommand, HallEvent, HallState, DomainError> => ({
  initialState,
  evolve,
  decide: guardedDecide<HallCommand, HallState, HallEvent>({
    policy: context.policy ?? defaultAuthorizationPolicy,
    directory: context.directory,
    scope: (c, s) => ({ streamId: hallStream(c.data.hallId), state: s.status }),
    subject: (c) => ({ hallId: c.data.hallId }),
    rules: rules(context.directory),
  }),
});
