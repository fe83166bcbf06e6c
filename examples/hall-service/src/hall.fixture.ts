import type { Actor } from '@banjian/core';

/** A county hall, set up and worked through HTTP: command bodies as a hall system would send them. */
export const HALL = 'county-1';
export const SYSTEM: Actor = { kind: 'system', id: 'hall-admin' };
export const CLERK: Actor = { kind: 'staff', id: 's-market' };
export const APPLICANT: Actor = { kind: 'applicant', id: 'p-7' };
export const DEVICE: Actor = { kind: 'device', id: 'pad-market' };

export const at = (date: string, time: string) => `${date}T${time}:00+08:00`;

let sequence = 0;

export const body = (type: string, data: Record<string, unknown>, actor: Actor, when: string, commandId = `http-${++sequence}`) => ({
  type,
  data,
  metadata: { commandId, actor, at: when },
});

const setupAt = at('2025-03-03', '08:30');

/** Hall, departments, windows, staff, device and one promised item (5 of 20 working days). */
export const hallSetup = () => [
  body('RegisterHall', { hallId: HALL, name: '某县政务服务中心', level: 'county' }, SYSTEM, setupAt),
  body('RegisterDepartment', { hallId: HALL, departmentId: 'market', name: '市场监管局' }, SYSTEM, setupAt),
  body('RegisterDepartment', { hallId: HALL, departmentId: 'tax', name: '税务局' }, SYSTEM, setupAt),
  body('OpenWindow', { hallId: HALL, windowId: 'w-market', kind: 'department', departmentId: 'market' }, SYSTEM, setupAt),
  body('OpenWindow', { hallId: HALL, windowId: 'w-tax', kind: 'department', departmentId: 'tax' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: HALL, staffId: 's-market', role: 'windowStaff', departmentId: 'market', windowId: 'w-market' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: HALL, staffId: 's-tax', role: 'windowStaff', departmentId: 'tax', windowId: 'w-tax' }, SYSTEM, setupAt),
  body('InstallDevice', { hallId: HALL, deviceId: 'pad-market', windowId: 'w-market' }, SYSTEM, setupAt),
  body('DefineServiceItem', {
    hallId: HALL, itemCode: 'LIC-1', version: 1, name: '食品经营许可', departmentId: 'market', kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } }, effectiveFrom: '2025-01-01',
  }, SYSTEM, setupAt),
];

export const application = (caseId: string, when = at('2025-03-10', '09:30')) =>
  body('SubmitApplication', {
    caseId, caseNo: `NO-${caseId}`, hallId: HALL, itemCode: 'LIC-1', channel: 'window',
    applicant: { type: 'person', ref: 'p-7' }, materials: ['申请书', '营业执照'],
  }, CLERK, when);

export const acceptance = (caseId: string, when = at('2025-03-10', '10:00')) => body('AcceptCase', { caseId, windowId: 'w-market', staffId: 's-market' }, CLERK, when);
