import type { Actor } from '@banjian/core';

/** A county hall, set up and worked through HTTP: command bodies as a hall system would send them. */
export const HALL = 'county-1';
/** The city hall above the county hall: its supervisor oversees both. */
export const CITY = 'city-1';
export const SYSTEM: Actor = { kind: 'system', id: 'hall-admin' };
export const CLERK: Actor = { kind: 'staff', id: 's-market' };
export const APPLICANT: Actor = { kind: 'applicant', id: 'p-7' };
export const DEVICE: Actor = { kind: 'device', id: 'pad-market' };
export const CITY_CLERK: Actor = { kind: 'staff', id: 's-city' };
export const CITY_SUPERVISOR: Actor = { kind: 'staff', id: 'sup-city' };
export const AUDITOR: Actor = { kind: 'staff', id: 'aud-county' };
export const APPROVER: Actor = { kind: 'staff', id: 'appr-market' };

export const at = (date: string, time: string) => `${date}T${time}:00+08:00`;

let sequence = 0;

export const body = (type: string, data: Record<string, unknown>, actor: Actor, when: string, commandId = `http-${++sequence}`) => ({
  type,
  data,
  metadata: { commandId, actor, at: when },
});

const setupAt = at('2025-03-03', '08:30');

/**
 * A city hall and the county hall under it; the county's departments, windows, staff (window staff,
 * an approver, an auditor), device and one promised item (5 of 20 working days); the city's clerk
 * and supervisor.
 */
export const hallSetup = () => [
  body('RegisterHall', { hallId: CITY, name: '某市政务服务中心', level: 'city' }, SYSTEM, setupAt),
  body('RegisterDepartment', { hallId: CITY, departmentId: 'city-market', name: '市市场监管局' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: CITY, staffId: 's-city', role: 'windowStaff', departmentId: 'city-market' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: CITY, staffId: 'sup-city', role: 'supervisor' }, SYSTEM, setupAt),
  body('RegisterHall', { hallId: HALL, name: '某县政务服务中心', level: 'county', parentId: CITY }, SYSTEM, setupAt),
  body('RegisterDepartment', { hallId: HALL, departmentId: 'market', name: '市场监管局' }, SYSTEM, setupAt),
  body('RegisterDepartment', { hallId: HALL, departmentId: 'tax', name: '税务局' }, SYSTEM, setupAt),
  body('OpenWindow', { hallId: HALL, windowId: 'w-market', kind: 'department', departmentId: 'market' }, SYSTEM, setupAt),
  body('OpenWindow', { hallId: HALL, windowId: 'w-tax', kind: 'department', departmentId: 'tax' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: HALL, staffId: 's-market', role: 'windowStaff', departmentId: 'market', windowId: 'w-market' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: HALL, staffId: 's-tax', role: 'windowStaff', departmentId: 'tax', windowId: 'w-tax' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: HALL, staffId: 'appr-market', role: 'approver', departmentId: 'market' }, SYSTEM, setupAt),
  body('RegisterStaff', { hallId: HALL, staffId: 'aud-county', role: 'auditor' }, SYSTEM, setupAt),
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
