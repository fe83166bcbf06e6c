import type { Actor, CaseKind, Limits, OfficeHours, WorkClock } from '@banjian/core';
import type { Desk } from './case-script';
import { SYSTEM_ACTOR, type LogWriter } from './log-writer';

/*
 * A scenario's hall, catalogue and consultations, sent as the commands a hall system sends: the
 * writer runs them through the real deciders and engine at their place in time.
 */

export interface HallSetup {
  hallId: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parentId?: string;
  officeHours?: OfficeHours;
  desks: readonly Desk[];
  /** Registration instant. */
  at: number;
}

const DEFAULT_HOURS: OfficeHours = [['09:00', '12:00'], ['13:30', '17:30']];

/** Registers a hall with its departments, windows and staff (a member of window staff a desk). */
export const registerHall = (writer: LogWriter, clock: WorkClock, setup: HallSetup): void => {
  const at = clock.toInstant(setup.at);
  const { hallId } = setup;
  const send = (type: string, data: Record<string, unknown>) => writer.command(type, { hallId, ...data }, SYSTEM_ACTOR, at);
  send('RegisterHall', {
    name: setup.name, level: setup.level, timeZone: clock.zone, officeHours: setup.officeHours ?? DEFAULT_HOURS, calendarId: clock.calendar.id,
    ...(setup.parentId ? { parentId: setup.parentId } : {}),
  });
  for (const departmentId of new Set(setup.desks.map((d) => d.departmentId))) send('RegisterDepartment', { departmentId, name: `部门 ${departmentId}` });
  for (const desk of setup.desks) {
    send('OpenWindow', { windowId: desk.windowId, kind: 'department', departmentId: desk.departmentId });
    send('RegisterStaff', { staffId: desk.staffId, role: 'windowStaff', departmentId: desk.departmentId, windowId: desk.windowId });
  }
};

export interface ItemSetup {
  itemCode: string;
  departmentId: string;
  kind: CaseKind;
  limits: Limits;
}

/** Defines the items (version 1, effective from the day they are defined) in the hall's catalogue. */
export const defineItems = (writer: LogWriter, clock: WorkClock, hallId: string, items: readonly ItemSetup[], atMs: number): void => {
  const at = clock.toInstant(atMs);
  for (const item of items) {
    writer.command('DefineServiceItem', {
      hallId, itemCode: item.itemCode, version: 1, name: `事项 ${item.itemCode}`, departmentId: item.departmentId,
      kind: item.kind, limits: item.limits, effectiveFrom: clock.localDate(atMs),
    }, SYSTEM_ACTOR, at);
  }
};

/** A consultation 咨询 recorded by the staff at a desk (its own stream, `consultation-<consultationId>`). */
export const recordConsultation = (writer: LogWriter, clock: WorkClock, c: { consultationId: string; hallId: string; desk: Desk }, atMs: number): void => {
  const staff: Actor = { kind: 'staff', id: c.desk.staffId };
  writer.command('RecordConsultation', { consultationId: c.consultationId, hallId: c.hallId, windowId: c.desk.windowId, topic: '办事指南咨询' }, staff, clock.toInstant(atMs));
};
