import { createCalendarBook, publishCalendar, publishedCalendar, resolveCalendar } from '../calendar/calendar-book';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { EventDataOf } from '../events/registry';
import type { CaseKind, Limits, LocalDate, OfficeHours } from '../events/primitives';
import type { HallLevel, StaffRole, WindowKind } from '../events/org';

/** A service hall 政务服务中心 / 便民服务中心 as its registration says. */
export interface HallInfo {
  readonly hallId: string;
  readonly name: string;
  readonly level: HallLevel;
  readonly parentId?: string;
  readonly timeZone: string;
  readonly officeHours: OfficeHours;
  readonly calendarId: string;
}

/** A department 部门/窗口单位 stationed at a hall. */
export interface DepartmentInfo {
  readonly hallId: string;
  readonly departmentId: string;
  readonly name: string;
}

/** A window 窗口; `open` is false once it is closed (it is never forgotten). */
export interface WindowInfo {
  readonly hallId: string;
  readonly windowId: string;
  readonly kind: WindowKind;
  readonly departmentId?: string;
  readonly open: boolean;
}

export interface StaffInfo {
  readonly hallId: string;
  readonly staffId: string;
  readonly name?: string;
  readonly role: StaffRole;
  readonly departmentId?: string;
  readonly windowId?: string;
}

/** An evaluation device 评价器 installed at a window. */
export interface DeviceInfo {
  readonly hallId: string;
  readonly deviceId: string;
  readonly windowId: string;
}

/** One version of a service item 事项. */
export interface ItemVersion {
  readonly version: number;
  readonly name: string;
  readonly departmentId: string;
  readonly kind: CaseKind;
  readonly limits: Limits;
  readonly effectiveFrom: LocalDate;
}

export type ItemStatus = 'active' | 'suspended' | 'repealed';

export interface ItemStatusChange {
  readonly status: ItemStatus;
  readonly effectiveFrom: LocalDate;
}

/** A service item with every version and status change it ever had (items are never deleted). */
export interface ItemInfo {
  readonly hallId: string;
  readonly itemCode: string;
  /** Ascending by version. */
  readonly versions: readonly ItemVersion[];
  /** In the order they were recorded. */
  readonly statusChanges: readonly ItemStatusChange[];
}

/** The events the directory folds: hall, catalogue and calendar streams (anything else is ignored). */
type DirectoryEvent =
  | { type: 'HallRegistered'; data: EventDataOf<'HallRegistered'> }
  | { type: 'DepartmentRegistered'; data: EventDataOf<'DepartmentRegistered'> }
  | { type: 'WindowOpened'; data: EventDataOf<'WindowOpened'> }
  | { type: 'WindowClosed'; data: EventDataOf<'WindowClosed'> }
  | { type: 'StaffRegistered'; data: EventDataOf<'StaffRegistered'> }
  | { type: 'DeviceInstalled'; data: EventDataOf<'DeviceInstalled'> }
  | { type: 'ServiceItemDefined' | 'ServiceItemRevised'; data: EventDataOf<'ServiceItemDefined'> }
  | { type: 'ServiceItemSuspended' | 'ServiceItemRepealed' | 'ServiceItemReinstated'; data: EventDataOf<'ServiceItemSuspended'> }
  | { type: 'CalendarPublished'; data: EventDataOf<'CalendarPublished'> };

/**
 * The organisation and catalogue as a small in-memory read model, folded from hall and catalogue
 * events (`apply`), so deciders can look up what a pure decision needs.
 */
export interface Directory {
  /** Folds one event; events of other streams are ignored, so a hall can feed it everything. */
  apply(event: { type: string; data: unknown }): void;
  hall(hallId: string): HallInfo | undefined;
  halls(): readonly HallInfo[];
  department(hallId: string, departmentId: string): DepartmentInfo | undefined;
  window(hallId: string, windowId: string): WindowInfo | undefined;
  staff(hallId: string, staffId: string): StaffInfo | undefined;
  device(hallId: string, deviceId: string): DeviceInfo | undefined;
  item(hallId: string, itemCode: string): ItemInfo | undefined;
  items(hallId: string): readonly ItemInfo[];
  /** A calendar as published on its stream (a new year's notice, an ad-hoc holiday); undefined if none was. */
  calendar(calendarId: string): WorkCalendar | undefined;
  /** The calendar a case pinned (`calendarVersion`); an unknown version falls back to the latest of its id. */
  calendarOfVersion(version: string): WorkCalendar;
}

const key = (hallId: string, id: string): string => `${hallId}\u0000${id}`;

/** The version in force on a date (the highest version whose effectiveFrom is not after it). */
export const itemVersionOn = (item: ItemInfo, date: LocalDate): ItemVersion | undefined =>
  item.versions.filter((v) => v.effectiveFrom <= date).at(-1);

/** The latest version, whatever its effective date. */
export const latestItemVersion = (item: ItemInfo): ItemVersion => item.versions.at(-1) as ItemVersion;

/** The status on a date: the last recorded change effective by then (active before any). */
export const itemStatusOn = (item: ItemInfo, date: LocalDate): ItemStatus =>
  item.statusChanges.filter((c) => c.effectiveFrom <= date).at(-1)?.status ?? 'active';

/** The current status: the last recorded change, whatever its effective date. */
export const currentItemStatus = (item: ItemInfo): ItemStatus => item.statusChanges.at(-1)?.status ?? 'active';

const STATUS_OF = {
  ServiceItemSuspended: 'suspended',
  ServiceItemRepealed: 'repealed',
  ServiceItemReinstated: 'active',
} as const satisfies Record<string, ItemStatus>;

/** 事项目录/机构 read model; build one per process and feed it hall/catalogue events as they are appended. */
export const createDirectory = (events: Iterable<{ type: string; data: unknown }> = []): Directory => {
  const halls = new Map<string, HallInfo>();
  const departments = new Map<string, DepartmentInfo>();
  const windows = new Map<string, WindowInfo>();
  const staff = new Map<string, StaffInfo>();
  const devices = new Map<string, DeviceInfo>();
  const items = new Map<string, ItemInfo>();
  const calendars = createCalendarBook();

  const setItem = (hallId: string, itemCode: string, f: (prev: ItemInfo) => ItemInfo) => {
    const prev = items.get(key(hallId, itemCode)) ?? { hallId, itemCode, versions: [], statusChanges: [] };
    items.set(key(hallId, itemCode), f(prev));
  };

  const apply = (raw: { type: string; data: unknown }): void => {
    const event = raw as DirectoryEvent;
    switch (event.type) {
      case 'HallRegistered': {
        const { hallId, name, level, parentId, timeZone, officeHours, calendarId } = event.data;
        halls.set(hallId, { hallId, name, level, timeZone, officeHours, calendarId, ...(parentId ? { parentId } : {}) });
        return;
      }
      case 'DepartmentRegistered':
        departments.set(key(event.data.hallId, event.data.departmentId), { ...event.data });
        return;
      case 'WindowOpened':
        windows.set(key(event.data.hallId, event.data.windowId), { ...event.data, open: true });
        return;
      case 'WindowClosed': {
        const prev = windows.get(key(event.data.hallId, event.data.windowId));
        if (prev) windows.set(key(prev.hallId, prev.windowId), { ...prev, open: false });
        return;
      }
      case 'StaffRegistered':
        staff.set(key(event.data.hallId, event.data.staffId), { ...event.data });
        return;
      case 'DeviceInstalled':
        devices.set(key(event.data.hallId, event.data.deviceId), { ...event.data });
        return;
      case 'ServiceItemDefined':
      case 'ServiceItemRevised': {
        const { hallId, itemCode, version, name, departmentId, kind, limits, effectiveFrom } = event.data;
        const next: ItemVersion = { version, name, departmentId, kind, limits, effectiveFrom };
        setItem(hallId, itemCode, (prev) => ({
          ...prev,
          versions: [...prev.versions.filter((v) => v.version !== version), next].sort((a, b) => a.version - b.version),
        }));
        return;
      }
      case 'ServiceItemSuspended':
      case 'ServiceItemRepealed':
      case 'ServiceItemReinstated': {
        const { hallId, itemCode, effectiveFrom } = event.data;
        const status = STATUS_OF[event.type];
        setItem(hallId, itemCode, (prev) => ({ ...prev, statusChanges: [...prev.statusChanges, { status, effectiveFrom }] }));
        return;
      }
      case 'CalendarPublished': {
        publishCalendar(calendars, event.data);
        return;
      }
      default:
        return;
    }
  };

  for (const e of events) apply(e);

  return {
    apply,
    hall: (hallId) => halls.get(hallId),
    halls: () => [...halls.values()],
    department: (hallId, id) => departments.get(key(hallId, id)),
    window: (hallId, id) => windows.get(key(hallId, id)),
    staff: (hallId, id) => staff.get(key(hallId, id)),
    device: (hallId, id) => devices.get(key(hallId, id)),
    item: (hallId, code) => {
      const item = items.get(key(hallId, code));
      return item && item.versions.length > 0 ? item : undefined;
    },
    items: (hallId) => [...items.values()].filter((i) => i.hallId === hallId && i.versions.length > 0),
    calendar: (calendarId) => publishedCalendar(calendars, calendarId),
    calendarOfVersion: (version) => resolveCalendar(calendars, version),
  };
};
