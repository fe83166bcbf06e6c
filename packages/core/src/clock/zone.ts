import { DateTime, Info, type Zone } from 'luxon';

/** Resolves an IANA zone name (or `UTC`, `UTC+8`) through Luxon; throws a RangeError if unknown. */
export const resolveZone = (name: string): Zone => {
  const zone = typeof name === 'string' && name.trim() !== '' ? Info.normalizeZone(name) : undefined;
  if (!zone || !zone.isValid) throw new RangeError(`unknown time zone ${JSON.stringify(name)}`);
  return zone;
};

const HOUR = 3_600_000;
/** Entries a zone's memo holds before it starts again (a few years of hours, a few thousand days). */
const MEMO_LIMIT = 50_000;

/** Per zone: the offset of each hour whose start and end have the same offset (Luxon asks Intl every time). */
const hourOffsets = new WeakMap<Zone, Map<number, number>>();

/** Offset of the zone at an instant, in minutes (from the IANA database via Luxon). */
export const offsetMinutes = (zone: Zone, ms: number): number => {
  if (zone.isUniversal) return zone.offset(ms);
  let memo = hourOffsets.get(zone);
  if (!memo) hourOffsets.set(zone, (memo = new Map()));
  const hour = Math.floor(ms / HOUR);
  const known = memo.get(hour);
  if (known !== undefined) return known;
  const start = zone.offset(hour * HOUR);
  // An hour with a transition in it is answered exactly, each time.
  if (start !== zone.offset(hour * HOUR + HOUR - 1)) return zone.offset(ms);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(hour, start);
  return start;
};

/** Per zone: epoch ms of each local date and wall time asked for (a pure function of them). */
const wallTimes = new WeakMap<Zone, Map<number, number>>();

/**
 * Epoch ms of a local wall time on a local date; a wall time that does not exist (spring-forward gap)
 * moves forward, as Luxon does. `minutes` may be 1440: the next day's midnight.
 */
export const wallTimeToEpoch = (zone: Zone, epochDay: number, minutes: number): number => {
  if (!Number.isInteger(epochDay) || !Number.isInteger(minutes) || minutes < 0 || minutes > 1440) return luxonWallTime(zone, epochDay, minutes);
  let memo = wallTimes.get(zone);
  if (!memo) wallTimes.set(zone, (memo = new Map()));
  const key = epochDay * 2000 + minutes;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const epoch = luxonWallTime(zone, epochDay, minutes);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, epoch);
  return epoch;
};

const luxonWallTime = (zone: Zone, epochDay: number, minutes: number): number => {
  const day = new Date((epochDay + Math.floor(minutes / 1440)) * 86_400_000);
  const m = minutes % 1440;
  return DateTime.fromObject(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
};
