import type { Actor } from '@banjian/core';
import type { HallConfig, StaffConfig, WindowConfig } from './hall-config';

/** Who works where in one simulated hall: the look-ups the case plans need. */
export interface HallPeople {
  readonly hall: HallConfig;
  /** Departments with items of their own: the ones a case is transferred to or consulted in joint review. */
  readonly serviceDepartments: readonly string[];
  /** Staff of the general windows 综合窗口 (一窗受理), with their window. */
  readonly intake: readonly StaffConfig[];
  /** Department window staff, by department (empty when the department has no window). */
  windowStaffOf(departmentId: string): readonly StaffConfig[];
  /** Who handles a department's cases behind the counter: its chief representative 首席代表 and window staff. */
  handlersOf(departmentId: string): readonly StaffConfig[];
  approverOf(departmentId: string): StaffConfig;
  /** The enquiry desk 咨询 (a general window where there is none). */
  readonly enquiry: StaffConfig;
  /** The complaints window 投诉, where there is one. */
  readonly complaints?: StaffConfig;
  readonly supervisor: StaffConfig;
  window(windowId: string): WindowConfig;
  /** The first evaluation device 评价器 of a window, if it has one. */
  deviceOf(windowId: string): string | undefined;
}

export const deviceId = (windowId: string, n: number) => `${windowId}-pad${n}`;

export const staffActor = (s: StaffConfig): Actor => ({
  kind: 'staff',
  id: s.staffId,
  ...(s.windowId ? { windowId: s.windowId } : {}),
  ...(s.departmentId ? { departmentId: s.departmentId } : {}),
});

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new RangeError(`the simulated hall has no ${what}`);
  return value;
};

export const hallPeople = (hall: HallConfig): HallPeople => {
  const windows = new Map(hall.windows.map((w) => [w.windowId, w]));
  const kindOf = (s: StaffConfig) => (s.windowId ? windows.get(s.windowId)?.kind : undefined);
  const windowStaff = hall.staff.filter((s) => s.role === 'windowStaff');
  const intake = windowStaff.filter((s) => kindOf(s) === 'general');
  const byDepartment = (role: StaffConfig['role'], departmentId: string) => hall.staff.filter((s) => s.role === role && s.departmentId === departmentId);
  const windowStaffOf = (departmentId: string) => windowStaff.filter((s) => s.departmentId === departmentId && kindOf(s) === 'department');
  const serviceDepartments = hall.departments.map((d) => d.departmentId).filter((id) => hall.items.some((i) => i.departmentId === id));
  return {
    hall,
    serviceDepartments,
    intake: required(intake.length > 0 ? intake : undefined, 'general window staff'),
    windowStaffOf,
    handlersOf: (departmentId) => {
      const handlers = [...byDepartment('chiefRepresentative', departmentId), ...windowStaffOf(departmentId)];
      return required(handlers.length > 0 ? handlers : undefined, `handler for ${departmentId}`);
    },
    approverOf: (departmentId) => required(byDepartment('approver', departmentId)[0], `approver for ${departmentId}`),
    enquiry: windowStaff.find((s) => kindOf(s) === 'enquiry') ?? intake[0]!,
    ...(windowStaff.some((s) => kindOf(s) === 'complaints') ? { complaints: windowStaff.find((s) => kindOf(s) === 'complaints')! } : {}),
    supervisor: required(hall.staff.find((s) => s.role === 'supervisor'), 'supervisor'),
    window: (windowId) => required(windows.get(windowId), `window ${windowId}`),
    deviceOf: (windowId) => ((windows.get(windowId)?.devices ?? 0) > 0 ? deviceId(windowId, 1) : undefined),
  };
};
