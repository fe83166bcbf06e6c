import { DEFAULT_ZONE } from '@banjian/core';
import { scopedKey, type HallContext } from '@banjian/projections';

/**
 * What people read instead of ids: the registered names of halls, departments and items, a window
 * named by what it serves, and times in the hall's own zone. One place for the CLI and the dashboard.
 */
export interface HallNames {
  hall(hallId: string): string;
  department(hallId: string, departmentId: string): string;
  item(hallId: string, itemCode: string): string;
  window(hallId: string, windowId: string): string;
  /** The hall's time zone (IANA), else the default Asia/Shanghai. */
  zone(hallId?: string): string;
}

const WINDOW_KINDS: Readonly<Record<string, string>> = {
  general: '综合窗口',
  department: '专业窗口',
  fees: '收费窗口',
  complaints: '投诉窗口',
  enquiry: '咨询窗口',
};

export const hallNames = (ctx: HallContext): HallNames => {
  const department = (hallId: string, departmentId: string) => ctx.departments.get(scopedKey(hallId, departmentId)) ?? departmentId;
  return {
    hall: (hallId) => ctx.halls.get(hallId)?.name ?? hallId,
    department,
    item: (hallId, itemCode) => ctx.items.get(scopedKey(hallId, itemCode))?.versions.at(-1)?.name ?? itemCode,
    window: (hallId, windowId) => {
      const w = ctx.windows.get(scopedKey(hallId, windowId));
      if (!w) return windowId;
      const serves = w.departmentId ? `${department(hallId, w.departmentId)} ` : '';
      return `${serves}${WINDOW_KINDS[w.kind] ?? '窗口'} ${windowId}`;
    },
    zone: (hallId) => (hallId === undefined ? undefined : ctx.halls.get(hallId)?.timeZone) ?? DEFAULT_ZONE,
  };
};

const formats = new Map<string, Intl.DateTimeFormat>();

/** `2025-06-16 10:00` — an instant (ISO-8601 with offset, or epoch ms) on the wall clock of `zone`. */
export const localTime = (instant: string | number, zone: string): string => {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(zone, format);
  }
  return format.format(ms);
};
