import { DateTime, Info, type Zone } from 'luxon';

/** Resolves an IANA zone name (or `UTC`, `UTC+8`) through Luxon; throws a RangeError if unknown. */
export const resolveZone = (name: string): Zone => {
  const zone = typeof name === 'string' && name.trim() !== '' ? Info.normalizeZone(name) : undefined;
  if (!zone || !zone.isValid) throw new RangeError(`unknown time zone ${JSON.stringify(name)}`);
  return zone;
};

/** Offset of the zone at an instant, in minutes (from the IANA database via Luxon). */
export const offsetMinutes = (zone: Zone, ms: number): number => zone.offset(ms);

/**
 * Epoch ms of a local wall time on a local date; a wall time that does not exist (spring-forward gap)
 * moves forward, as Luxon does. `minutes` may be 1440: the next day's midnight.
 */
export const wallTimeToEpoch = (zone: Zone, epochDay: number, minutes: number): number => {
  const day = new Date((epochDay + Math.floor(minutes / 1440)) * 86_400_000);
  const m = minutes % 1440;
  return DateTime.fromObject(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
};
