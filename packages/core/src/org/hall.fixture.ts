import type { CommandMetadata } from '../decider/decider';
import type { Actor } from '../events/primitives';
import { createDirectory, type Directory } from './directory';

/** Test fixture: a county hall with two departments, their windows, staff and catalogue. */
export const HALL = 'h1';

const limits = (promised: number, statutory: number) => ({
  promised: { value: promised, unit: 'workingDays' as const },
  statutory: { value: statutory, unit: 'workingDays' as const },
});

const item = (itemCode: string, kind: 'immediate' | 'promised' | 'escalated' | 'joint', promised: number, statutory: number) => ({
  type: 'ServiceItemDefined',
  data: { hallId: HALL, itemCode, version: 1, name: itemCode, departmentId: 'market', kind, limits: limits(promised, statutory), effectiveFrom: '2020-01-01' },
});

const staff = (staffId: string, role: string, departmentId?: string, windowId?: string) => ({
  type: 'StaffRegistered',
  data: { hallId: HALL, staffId, role, ...(departmentId ? { departmentId } : {}), ...(windowId ? { windowId } : {}) },
});

export const hallFixtureEvents: readonly { type: string; data: unknown }[] = [
  {
    type: 'HallRegistered',
    data: { hallId: HALL, name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' },
  },
  { type: 'DepartmentRegistered', data: { hallId: HALL, departmentId: 'market', name: '市场监管局' } },
  { type: 'DepartmentRegistered', data: { hallId: HALL, departmentId: 'tax', name: '税务局' } },
  { type: 'DepartmentRegistered', data: { hallId: HALL, departmentId: 'housing', name: '住建局' } },
  { type: 'WindowOpened', data: { hallId: HALL, windowId: 'w-general', kind: 'general' } },
  { type: 'WindowOpened', data: { hallId: HALL, windowId: 'w-market', kind: 'department', departmentId: 'market' } },
  { type: 'WindowOpened', data: { hallId: HALL, windowId: 'w-tax', kind: 'department', departmentId: 'tax' } },
  staff('s-market', 'windowStaff', 'market', 'w-market'),
  staff('s-market2', 'windowStaff', 'market', 'w-market'),
  staff('s-tax', 'windowStaff', 'tax', 'w-tax'),
  staff('s-general', 'windowStaff', undefined, 'w-general'),
  staff('approver-market', 'approver', 'market'),
  staff('approver-tax', 'approver', 'tax'),
  staff('supervisor', 'supervisor'),
  staff('auditor', 'auditor'),
  staff('helper', 'agent'),
  { type: 'DeviceInstalled', data: { hallId: HALL, deviceId: 'pad-market', windowId: 'w-market' } },
  item('P1', 'promised', 5, 20),
  item('I1', 'immediate', 1, 1),
  item('S1', 'promised', 3, 10),
  { type: 'ServiceItemSuspended', data: { hallId: HALL, itemCode: 'S1', effectiveFrom: '2024-01-01' } },
];

export const hallDirectory = (): Directory => createDirectory(hallFixtureEvents);

/** Actors of the fixture hall. */
export const actors = {
  market: { kind: 'staff', id: 's-market' },
  market2: { kind: 'staff', id: 's-market2' },
  tax: { kind: 'staff', id: 's-tax' },
  general: { kind: 'staff', id: 's-general' },
  approver: { kind: 'staff', id: 'approver-market' },
  approver2: { kind: 'staff', id: 'approver-tax' },
  supervisor: { kind: 'staff', id: 'supervisor' },
  auditor: { kind: 'staff', id: 'auditor' },
  staffAgent: { kind: 'staff', id: 'helper' },
  applicant: { kind: 'applicant', id: 'app-ref-1' },
  otherApplicant: { kind: 'applicant', id: 'app-ref-2' },
  agent: { kind: 'agent', id: 'agent-7' },
  system: { kind: 'system', id: 'supervision' },
  device: { kind: 'device', id: 'pad-market' },
  housing: { kind: 'department', id: 'housing' },
} as const satisfies Record<string, Actor>;

let sequence = 0;

/** A command as a test sends it. */
export const command = <T extends string, D>(type: T, data: D, actor: Actor, at: string): { type: T; data: D; metadata: CommandMetadata } => ({
  type,
  data,
  metadata: { commandId: `cmd-${++sequence}`, actor: { ...actor }, at },
});
