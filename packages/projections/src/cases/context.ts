import {
  createWorkClock,
  DEFAULT_OFFICE_HOURS,
  DEFAULT_ZONE,
  type CaseKind,
  type HallLevel,
  type Limits,
  type LocalDate,
  type OfficeHours,
  type StoredEvent,
  type WorkClock,
} from '@banjian/core';
import { createCalendarBook, latestCalendar, publishCalendar, resolveCalendar, type CalendarBook } from './calendars';

/** A hall 政务服务中心/便民服务中心 as registered, with its children for roll-up over the hall tree. */
export interface HallFacts {
  hallId: string;
  name: string;
  level: HallLevel;
  parentId?: string;
  timeZone: string;
  officeHours: OfficeHours;
  calendarId: string;
  children: string[];
}

/** One version of a catalogue item 事项 (its limits as defined, effective from a date). */
export interface ItemVersionFacts {
  version: number;
  name: string;
  departmentId: string;
  kind: CaseKind;
  limits: Limits;
  effectiveFrom: LocalDate;
}

export interface ItemFacts {
  hallId: string;
  itemCode: string;
  versions: ItemVersionFacts[];
  /** Status changes in recorded order: suspended 暂停 / repealed 取消 / active (reinstated). */
  statusChanges: { status: 'active' | 'suspended' | 'repealed'; effectiveFrom: LocalDate }[];
}

/** The organisation, catalogue and calendars a figure needs, folded from hall/catalogue/calendar streams. */
export interface HallContext {
  halls: Map<string, HallFacts>;
  /** Names by `<hallId>/<id>` for departments, windows and staff (labels of report groups). */
  departments: Map<string, string>;
  windows: Map<string, { kind: string; departmentId?: string }>;
  staff: Map<string, { name?: string; role: string }>;
  items: Map<string, ItemFacts>;
  calendars: CalendarBook;
  /** Clocks per (calendar version, zone, office hours) … */
  clocks: Map<string, WorkClock>;
  /** … and the same clocks by (hall, pinned version), the per-case fast path; cleared on any hall or calendar change. */
  hallClocks: Map<string, WorkClock>;
}

export const createHallContext = (): HallContext => ({
  halls: new Map(),
  departments: new Map(),
  windows: new Map(),
  staff: new Map(),
  items: new Map(),
  calendars: createCalendarBook(),
  clocks: new Map(),
  hallClocks: new Map(),
});

export const scopedKey = (hallId: string, id: string): string => `${hallId}/${id}`;

const itemOf = (ctx: HallContext, hallId: string, itemCode: string): ItemFacts => {
  const key = scopedKey(hallId, itemCode);
  let item = ctx.items.get(key);
  if (!item) {
    item = { hallId, itemCode, versions: [], statusChanges: [] };
    ctx.items.set(key, item);
  }
  return item;
};

const STATUS = { ServiceItemSuspended: 'suspended', ServiceItemRepealed: 'repealed', ServiceItemReinstated: 'active' } as const;

/** Folds one organisation, catalogue or calendar event into the context; other events are ignored. */
export const applyContextEvent = (ctx: HallContext, event: StoredEvent): void => {
  switch (event.type) {
    case 'HallRegistered': {
      const d = event.data;
      ctx.hallClocks.clear();
      const previous = ctx.halls.get(d.hallId);
      if (previous?.parentId) removeChild(ctx, previous.parentId, d.hallId);
      ctx.halls.set(d.hallId, {
        hallId: d.hallId, name: d.name, level: d.level, timeZone: d.timeZone, officeHours: d.officeHours,
        calendarId: d.calendarId, children: previous?.children ?? [], ...(d.parentId ? { parentId: d.parentId } : {}),
      });
      if (d.parentId) addChild(ctx, d.parentId, d.hallId);
      return;
    }
    case 'DepartmentRegistered':
      ctx.departments.set(scopedKey(event.data.hallId, event.data.departmentId), event.data.name);
      return;
    case 'WindowOpened': {
      const { hallId, windowId, kind, departmentId } = event.data;
      ctx.windows.set(scopedKey(hallId, windowId), departmentId ? { kind, departmentId } : { kind });
      return;
    }
    case 'StaffRegistered': {
      const { hallId, staffId, name, role } = event.data;
      ctx.staff.set(scopedKey(hallId, staffId), name ? { name, role } : { role });
      return;
    }
    case 'ServiceItemDefined':
    case 'ServiceItemRevised': {
      const { hallId, itemCode, version, name, departmentId, kind, limits, effectiveFrom } = event.data;
      const item = itemOf(ctx, hallId, itemCode);
      const at = item.versions.findIndex((v) => v.version >= version);
      const next = { version, name, departmentId, kind, limits, effectiveFrom };
      if (at < 0) item.versions.push(next);
      else if (item.versions[at]!.version === version) item.versions[at] = next;
      else item.versions.splice(at, 0, next);
      return;
    }
    case 'ServiceItemSuspended':
    case 'ServiceItemRepealed':
    case 'ServiceItemReinstated': {
      const { hallId, itemCode, effectiveFrom } = event.data;
      itemOf(ctx, hallId, itemCode).statusChanges.push({ status: STATUS[event.type], effectiveFrom });
      return;
    }
    case 'CalendarPublished':
      publishCalendar(ctx.calendars, event.data);
      ctx.hallClocks.clear();
      return;
    default:
      return;
  }
};

const addChild = (ctx: HallContext, parentId: string, childId: string): void => {
  let parent = ctx.halls.get(parentId);
  if (!parent) {
    // a child registered before its parent: keep a placeholder the parent's registration fills in
    parent = { hallId: parentId, name: parentId, level: 'province', timeZone: DEFAULT_ZONE, officeHours: DEFAULT_OFFICE_HOURS, calendarId: 'cn', children: [] };
    ctx.halls.set(parentId, parent);
  }
  if (!parent.children.includes(childId)) parent.children.push(childId);
};

const removeChild = (ctx: HallContext, parentId: string, childId: string): void => {
  const parent = ctx.halls.get(parentId);
  if (parent) parent.children = parent.children.filter((c) => c !== childId);
};

/** The hall and every hall below it (roll-up over the hall tree), sorted. */
export const hallSubtree = (ctx: HallContext, hallId: string): string[] => {
  const out = new Set<string>();
  const stack = [hallId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const child of ctx.halls.get(id)?.children ?? []) stack.push(child);
  }
  return [...out].sort();
};

/** Halls with no registered parent, sorted. */
export const rootHalls = (ctx: HallContext): string[] =>
  [...ctx.halls.values()].filter((h) => !h.parentId || !ctx.halls.has(h.parentId)).map((h) => h.hallId).sort();

/**
 * The clock of a hall under a calendar version (a case's pinned version, or the hall's latest
 * calendar when omitted); cached per (calendar version, zone, office hours).
 */
export const clockOf = (ctx: HallContext, hallId: string, calendarVersion?: string): WorkClock => {
  const fast = `${hallId}|${calendarVersion ?? ''}`;
  const hit = ctx.hallClocks.get(fast);
  if (hit) return hit;
  const hall = ctx.halls.get(hallId);
  const calendar = calendarVersion === undefined ? latestCalendar(ctx.calendars, hall?.calendarId ?? 'cn') : resolveCalendar(ctx.calendars, calendarVersion);
  const zone = hall?.timeZone ?? DEFAULT_ZONE;
  const key = `${calendar.version}|${zone}|${hall ? JSON.stringify(hall.officeHours) : ''}`;
  let clock = ctx.clocks.get(key);
  if (!clock) {
    clock = createWorkClock({ calendar, zone, officeHours: hall?.officeHours ?? DEFAULT_OFFICE_HOURS });
    ctx.clocks.set(key, clock);
  }
  ctx.hallClocks.set(fast, clock);
  return clock;
};

/** The item version in force on a date (highest version effective by then), else the first. */
export const itemVersionOn = (item: ItemFacts, date: LocalDate): ItemVersionFacts | undefined => {
  let found: ItemVersionFacts | undefined;
  for (const v of item.versions) if (v.effectiveFrom <= date) found = v;
  return found ?? item.versions[0];
};

/** Whether an item is stationed (not suspended or repealed) on a date. */
export const itemActiveOn = (item: ItemFacts, date: LocalDate): boolean => {
  if (item.versions.length === 0 || item.versions[0]!.effectiveFrom > date) return false;
  let status: 'active' | 'suspended' | 'repealed' = 'active';
  for (const c of item.statusChanges) if (c.effectiveFrom <= date) status = c.status;
  return status === 'active';
};
