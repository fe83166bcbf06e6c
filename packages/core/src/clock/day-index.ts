import type { Zone } from 'luxon';
import { firstDayOfYear, yearOf } from '../calendar/epoch-day';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { OfficeMinutes } from './office-hours';
import { offsetMinutes, wallTimeToEpoch } from './zone';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Wider than any UTC offset (−12 h … +14 h): probes on either side of a wall-clock span. */
const PROBE = 15 * 3_600_000;

export const INDEX_MIN_YEAR = 1900;
export const INDEX_MAX_YEAR = 2300;

/** One local year of days: midnights, office intervals and day kinds, as epoch ms. */
interface YearBlock {
  readonly n: number;
  readonly mid: Float64Array; // n + 1 local midnights
  readonly bounds: Float64Array; // n × k × [open, close]
  readonly close: Float64Array; // end of the last office interval (regardless of day kind)
  readonly office: Float64Array; // office ms, 0 unless a working day
  readonly work: Uint8Array;
  readonly prov: Uint8Array;
}

const buildYear = (year: number, zone: Zone, minutes: OfficeMinutes, calendar: WorkCalendar): YearBlock => {
  const firstDay = firstDayOfYear(year);
  const n = firstDayOfYear(year + 1) - firstDay;
  const k = minutes.length;
  const mid = new Float64Array(n + 1);
  const bounds = new Float64Array(n * k * 2);
  const close = new Float64Array(n);
  const office = new Float64Array(n);
  const work = new Uint8Array(n);
  const prov = new Uint8Array(n);

  const fillConstant = (i: number, offset: number): void => {
    const base = (firstDay + i) * DAY - offset * MINUTE;
    mid[i] = base;
    mid[i + 1] = base + DAY;
    for (let j = 0; j < k; j++) {
      const [o, c] = minutes[j]!;
      bounds[(i * k + j) * 2] = base + o * MINUTE;
      bounds[(i * k + j) * 2 + 1] = base + c * MINUTE;
    }
  };
  // a day with an offset change (DST): every boundary goes through Luxon
  const fillExact = (i: number): void => {
    const day = firstDay + i;
    mid[i] = wallTimeToEpoch(zone, day, 0);
    mid[i + 1] = wallTimeToEpoch(zone, day, 1440);
    for (let j = 0; j < k; j++) {
      const [o, c] = minutes[j]!;
      const open = wallTimeToEpoch(zone, day, o);
      bounds[(i * k + j) * 2] = open;
      bounds[(i * k + j) * 2 + 1] = Math.max(open, wallTimeToEpoch(zone, day, c));
    }
  };

  // Offsets change rarely: probe a week at a time and only look closer where they differ.
  for (let d = 0; d < n; d += 7) {
    const len = Math.min(7, n - d);
    const o0 = offsetMinutes(zone, (firstDay + d) * DAY - PROBE);
    const o1 = offsetMinutes(zone, (firstDay + d + len) * DAY + PROBE);
    for (let i = d; i < d + len; i++) {
      if (o0 === o1) {
        fillConstant(i, o0);
      } else {
        const a = offsetMinutes(zone, (firstDay + i) * DAY - PROBE);
        const b = offsetMinutes(zone, (firstDay + i + 1) * DAY + PROBE);
        if (a === b) fillConstant(i, a);
        else fillExact(i);
      }
    }
  }

  for (let i = 0; i < n; i++) {
    close[i] = bounds[(i * k + k - 1) * 2 + 1]!;
    const working = calendar.isWorkingEpochDay(firstDay + i);
    work[i] = working ? 1 : 0;
    prov[i] = calendar.isProvisionalEpochDay(firstDay + i) ? 1 : 0;
    if (working) {
      let ms = 0;
      for (let j = 0; j < k; j++) ms += bounds[(i * k + j) * 2 + 1]! - bounds[(i * k + j) * 2]!;
      office[i] = ms;
    }
  }
  return { n, mid, bounds, close, office, work, prov };
};

/**
 * The per-clock day index: for each local day of the covered years, its midnight, office
 * intervals and cumulative office ms and working-day counts, so that office time between two
 * instants is two look-ups and a subtraction, and the N-th working day is one array read.
 * Years are built lazily as instants reach them. Cumulative office ms are anchored at the first
 * day ever built, so they stay comparable when the range grows in either direction.
 * Office ms are whole numbers (callers round targets), so sums and differences are exact and do
 * not depend on the order in which years were built.
 * Day positions (`i`) are valid until the range grows backwards: callers re-locate after a call
 * that may extend it.
 */
export interface DayIndex {
  /** Epoch day of position 0. */
  readonly d0: () => number;
  locate(ms: number): number;
  positionOfDay(epochDay: number): number;
  officeMsAt(ms: number): number;
  officeMsBetween(fromMs: number, toMs: number): number;
  instantAtOfficeMs(target: number): number;
  /** Position of the n-th working day after position i (n ≥ 1). */
  nthWorkingDayAfter(i: number, n: number): number;
  /** Position of the first working day at or after position i. */
  firstWorkingDayFrom(i: number): number;
  midnight(i: number): number;
  closeOfBusiness(i: number): number;
  officeMsOfDay(i: number): number;
  cumulativeOfficeMs(i: number): number;
  anyProvisional(fromI: number, toI: number): boolean;
}

export const createDayIndex = (zone: Zone, minutes: OfficeMinutes, calendar: WorkCalendar): DayIndex => {
  const k = minutes.length;
  const blocks = new Map<number, YearBlock>();
  let y0 = 0;
  let y1 = -1;
  let anchorDay: number | undefined;
  let d0 = 0;
  let n = 0;
  let mid = new Float64Array(1);
  let bounds = new Float64Array(0);
  let close = new Float64Array(0);
  let office = new Float64Array(0);
  let work = new Uint8Array(0);
  let cum = new Float64Array(1);
  let cumWork = new Int32Array(1);
  let workList = new Int32Array(0);
  let cumProv = new Int32Array(1);

  const assemble = (): void => {
    const list: YearBlock[] = [];
    for (let y = y0; y <= y1; y++) {
      let b = blocks.get(y);
      if (!b) blocks.set(y, (b = buildYear(y, zone, minutes, calendar)));
      list.push(b);
    }
    d0 = firstDayOfYear(y0);
    n = list.reduce((s, b) => s + b.n, 0);
    mid = new Float64Array(n + 1);
    bounds = new Float64Array(n * k * 2);
    close = new Float64Array(n);
    office = new Float64Array(n);
    work = new Uint8Array(n);
    const prov = new Uint8Array(n);
    let at = 0;
    for (const b of list) {
      mid.set(b.mid, at);
      bounds.set(b.bounds, at * k * 2);
      close.set(b.close, at);
      office.set(b.office, at);
      work.set(b.work, at);
      prov.set(b.prov, at);
      at += b.n;
    }
    cum = new Float64Array(n + 1);
    cumWork = new Int32Array(n + 1);
    cumProv = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      cum[i + 1] = cum[i]! + office[i]!;
      cumWork[i + 1] = cumWork[i]! + work[i]!;
      cumProv[i + 1] = cumProv[i]! + prov[i]!;
    }
    anchorDay ??= d0;
    const shift = cum[anchorDay - d0]!;
    if (shift !== 0) for (let i = 0; i <= n; i++) cum[i] = cum[i]! - shift;
    workList = new Int32Array(cumWork[n]!);
    for (let i = 0, w = 0; i < n; i++) if (work[i]) workList[w++] = i;
  };

  const ensureYears = (lo: number, hi: number): void => {
    if (lo >= y0 && hi <= y1) return;
    if (lo < INDEX_MIN_YEAR || hi > INDEX_MAX_YEAR) {
      throw new RangeError(`work clock: ${lo < INDEX_MIN_YEAR ? lo : hi} is outside the supported years ${INDEX_MIN_YEAR}–${INDEX_MAX_YEAR}`);
    }
    if (y1 < y0) {
      y0 = lo;
      y1 = hi;
    } else {
      // grow by a few years at a time so walking forward does not rebuild every year
      if (lo < y0) y0 = Math.max(INDEX_MIN_YEAR, Math.min(lo, y0 - 4));
      if (hi > y1) y1 = Math.min(INDEX_MAX_YEAR, Math.max(hi, y1 + 4));
    }
    assemble();
  };

  const growForward = (): void => ensureYears(y0, y1 + 1);

  const locate = (ms: number): number => {
    if (!(ms >= mid[0]! && ms < mid[n]!)) {
      const y = yearOf(Math.floor(ms / DAY));
      ensureYears(y - 1, y + 1);
    }
    let i = Math.min(n - 1, Math.max(0, Math.floor(ms / DAY) - d0));
    while (ms < mid[i]!) i--;
    while (ms >= mid[i + 1]!) i++;
    return i;
  };

  const positionOfDay = (epochDay: number): number => {
    if (epochDay < d0 || epochDay >= d0 + n) {
      const y = yearOf(epochDay);
      ensureYears(y - 1, y + 1);
    }
    return epochDay - d0;
  };

  /** Office ms of day i before the instant (0 unless a working day). */
  const withinDay = (i: number, ms: number): number => {
    let s = 0;
    if (work[i]) {
      for (let j = 0, b = i * k * 2; j < k; j++, b += 2) {
        const o = bounds[b]!;
        const c = bounds[b + 1]!;
        if (ms >= c) s += c - o;
        else {
          if (ms > o) s += ms - o;
          break;
        }
      }
    }
    return s;
  };

  const officeMsAt = (ms: number): number => {
    const i = locate(ms);
    return cum[i]! + withinDay(i, ms);
  };

  // the integer cumulative parts subtract exactly, so the result does not depend on the anchor
  const officeMsBetween = (a: number, b: number): number => {
    let ia = locate(a);
    const base = d0;
    const ib = locate(b);
    if (d0 !== base) ia = locate(a);
    return cum[ib]! - cum[ia]! + (withinDay(ib, b) - withinDay(ia, a));
  };

  const instantAtOfficeMs = (target: number): number => {
    while (!(target <= cum[n]!)) growForward();
    while (!(target > cum[0]!)) ensureYears(y0 - 1, y1);
    // smallest j with cum[j + 1] ≥ target; that day holds the target's office time
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (cum[m + 1]! >= target) hi = m;
      else lo = m + 1;
    }
    let rem = target - cum[lo]!;
    for (let j = 0, b = lo * k * 2; j < k; j++, b += 2) {
      const len = bounds[b + 1]! - bounds[b]!;
      if (rem <= len) return bounds[b]! + rem;
      rem -= len;
    }
    return close[lo]!;
  };

  const nthWorkingDayAfter = (i: number, nth: number): number => {
    const w = cumWork[i + 1]! + nth - 1;
    while (w >= workList.length) growForward();
    return workList[w]!;
  };

  const firstWorkingDayFrom = (i: number): number => {
    while (cumWork[i]! >= workList.length) growForward();
    return workList[cumWork[i]!]!;
  };

  return {
    d0: () => d0,
    locate,
    positionOfDay,
    officeMsAt,
    officeMsBetween,
    instantAtOfficeMs,
    nthWorkingDayAfter,
    firstWorkingDayFrom,
    midnight: (i) => mid[i]!,
    closeOfBusiness: (i) => close[i]!,
    officeMsOfDay: (i) => office[i]!,
    cumulativeOfficeMs: (i) => cum[i]!,
    anyProvisional: (a, b) => cumProv[b + 1]! - cumProv[a]! > 0,
  };
};
