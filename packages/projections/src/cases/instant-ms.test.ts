import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from './instant-ms';

describe('instantMs', () => {
  it('given any instant written with an offset or Z, when read, then it equals Date.parse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1901, 0, 1), max: Date.UTC(2299, 11, 31) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.boolean(),
        (ms, offsetMinutes, zulu) => {
          const whole = Math.floor(ms / 1000) * 1000;
          const off = zulu ? 0 : offsetMinutes;
          const wall = new Date(whole + off * 60_000).toISOString().slice(0, 19);
          const abs = Math.abs(off);
          const suffix = zulu ? 'Z' : `${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const iso = `${wall}${suffix}`;
          expect(instantMs(iso)).toBe(Date.parse(iso));
          expect(instantMs(iso)).toBe(whole);
        },
      ),
    );
  });

  it('given other forms, when read, then Date.parse decides', () => {
    expect(instantMs('2024-10-09T17:30+08:00')).toBe(Date.parse('2024-10-09T17:30+08:00'));
    expect(instantMs('2024-10-09T17:30:00.250+08:00')).toBe(Date.parse('2024-10-09T17:30:00.250+08:00'));
  });
});
