import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { offsetMinutes, resolveZone, wallTimeToEpoch } from './zone';

describe('zone look-ups are memoised without changing an answer', () => {
  it('given zones with and without transitions, when offsets are asked every 7 minutes across a year (twice), then each is what the IANA data says', () => {
    for (const name of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Shanghai', 'UTC+8']) {
      const zone = resolveZone(name);
      const start = Date.UTC(2025, 0, 1);
      for (let pass = 0; pass < 2; pass++) {
        for (let ms = start; ms < start + 366 * 86_400_000; ms += 7 * 60_000 + 13_000) {
          if (offsetMinutes(zone, ms) !== zone.offset(ms)) throw new Error(`${name} at ${new Date(ms).toISOString()}: ${offsetMinutes(zone, ms)} ≠ ${zone.offset(ms)}`);
        }
      }
    }
  });

  it('given wall times on days with a spring-forward gap and a fall-back overlap, when asked twice, then each is what Luxon computes', () => {
    const zone = resolveZone('America/New_York');
    const luxon = (epochDay: number, minutes: number) => {
      const day = new Date(epochDay * 86_400_000);
      return DateTime.fromObject(
        { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(minutes / 60), minute: minutes % 60 },
        { zone },
      ).toMillis();
    };
    const days = [Date.UTC(2025, 2, 9), Date.UTC(2025, 10, 2)].map((ms) => ms / 86_400_000);
    for (let pass = 0; pass < 2; pass++) {
      for (const day of days) for (let minutes = 0; minutes < 1440; minutes += 15) expect(wallTimeToEpoch(zone, day, minutes)).toBe(luxon(day, minutes));
      for (const day of days) expect(wallTimeToEpoch(zone, day, 1440)).toBe(luxon(day + 1, 0));
    }
  });
});
