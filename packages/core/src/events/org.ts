import * as t from 'io-ts';
import { CaseKind, closed, Instant, Limits, LocalDate, NonEmptyString, OfficeHours, Text } from './primitives';

/** Organisation (stream `hall-<hallId>`), catalogue (`catalog-<hallId>`), calendar (`calendar-<id>`). */

export const HallLevel = t.keyof({ province: null, city: null, county: null, township: null, village: null }, 'HallLevel');
export type HallLevel = t.TypeOf<typeof HallLevel>;

export const WindowKind = t.keyof({ general: null, department: null, fees: null, complaints: null, enquiry: null }, 'WindowKind');
export type WindowKind = t.TypeOf<typeof WindowKind>;

export const StaffRole = t.keyof(
  { windowStaff: null, chiefRepresentative: null, agent: null, approver: null, supervisor: null, auditor: null },
  'StaffRole',
);
export type StaffRole = t.TypeOf<typeof StaffRole>;

const S = NonEmptyString;

export const orgEventData = {
  HallRegistered: closed(
    'HallRegistered',
    { hallId: S, name: S, level: HallLevel, timeZone: S, officeHours: OfficeHours, calendarId: S },
    { parentId: S },
  ),
  DepartmentRegistered: closed('DepartmentRegistered', { hallId: S, departmentId: S, name: S }),
  WindowOpened: closed('WindowOpened', { hallId: S, windowId: S, kind: WindowKind }, { departmentId: S }),
  WindowClosed: closed('WindowClosed', { hallId: S, windowId: S }),
  StaffRegistered: closed(
    'StaffRegistered',
    { hallId: S, staffId: S, role: StaffRole },
    { name: S, departmentId: S, windowId: S },
  ),
  DeviceInstalled: closed('DeviceInstalled', { hallId: S, deviceId: S, windowId: S }),
};

const itemDefinition = (name: string) =>
  closed(name, {
    hallId: S,
    itemCode: S,
    version: t.number,
    name: S,
    departmentId: S,
    kind: CaseKind,
    limits: Limits,
    effectiveFrom: LocalDate,
  });

const itemStatus = (name: string) => closed(name, { hallId: S, itemCode: S, effectiveFrom: LocalDate }, { reason: Text });

export const catalogEventData = {
  ServiceItemDefined: itemDefinition('ServiceItemDefined'),
  ServiceItemRevised: itemDefinition('ServiceItemRevised'),
  ServiceItemSuspended: itemStatus('ServiceItemSuspended'),
  ServiceItemRepealed: itemStatus('ServiceItemRepealed'),
  ServiceItemReinstated: itemStatus('ServiceItemReinstated'),
};

export const CalendarDayData = closed('CalendarDay', { date: LocalDate, isOffDay: t.boolean }, { name: Text });

export const calendarEventData = {
  CalendarPublished: closed('CalendarPublished', {
    calendarId: S,
    year: t.number,
    days: t.array(CalendarDayData),
    papers: t.array(Text),
    contentHash: S,
    version: S,
  }),
};

export const consultationEventData = {
  ConsultationRecorded: closed('ConsultationRecorded', { consultationId: S, hallId: S, topic: S }, { windowId: S, itemCode: S }),
};

export const ComplaintChannel = t.keyof({ window: null, phone: null, online: null, letter: null, hotline: null }, 'ComplaintChannel');

export const complaintEventData = {
  ComplaintFiled: closed(
    'ComplaintFiled',
    {
      complaintId: S,
      hallId: S,
      channel: ComplaintChannel,
      subject: closed('ComplaintSubject', { kind: t.keyof({ staff: null, window: null, department: null }), id: S }),
      answerDueAt: Instant,
    },
    { caseId: S, content: Text },
  ),
  ComplaintAnswered: closed('ComplaintAnswered', { complaintId: S, resolution: S }),
  // 电子监察 on a complaint's answer due time (spec §3.1: 3 working days); an addition to events.md (docs/rules.md)
  ComplaintAlertRaised: closed(
    'ComplaintAlertRaised',
    { complaintId: S, alertId: S, rule: S, level: t.keyof({ approaching: null, overdue: null }, 'ComplaintAlertLevel'), dueAt: Instant },
    { departmentId: S },
  ),
  ComplaintAlertCleared: closed('ComplaintAlertCleared', { complaintId: S, alertId: S }),
};
