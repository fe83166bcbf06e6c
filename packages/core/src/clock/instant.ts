import { DateTime, type Zone } from 'luxon';
import { offsetMinutes } from './zone';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * ISO-8601 instant with an explicit offset (`Z` or `±HH:MM`) → epoch ms (sub-ms digits truncated).
 * A time without an offset is refused: its instant would depend on a zone nobody named.
 */
export const parseInstant = (iso: string): number => {
  const m = typeof iso === 'string' ? ISO.exec(iso) : null;
  if (m) {
    const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
    const s = m[6] === undefined ? 0 : Number(m[6]);
    const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
    const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
    const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const check = new Date(local);
    if (
      h < 24 && mi < 60 && s < 60 && Number(m[11] ?? 0) < 60 &&
      check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d
    ) {
      return local - offset * 60_000;
    }
  }
  throw new RangeError(`not an ISO-8601 instant with offset: ${JSON.stringify(iso)}`);
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** Epoch ms → ISO-8601 in the zone, seconds always shown, millis only when non-zero. */
export const formatInstant = (ms: number, zone: Zone): string => {
  const whole = Math.floor(ms);
  const offset = offsetMinutes(zone, whole);
  if (!Number.isInteger(offset)) {
    return DateTime.fromMillis(whole, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true }) ?? String(whole);
  }
  const wall = new Date(whole + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const body = wall.endsWith('.000Z') ? wall.slice(0, -5) : wall.slice(0, -1);
  const abs = Math.abs(offset);
  return `${body}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;

/**
 * Like parseInstant, but a date or date-time without an offset is read as a wall time in `zone`
 * (a time in a spring-forward gap moves forward, as Luxon does). For user input such as the CLI.
 */
export const parseInstantInZone = (text: string, zone: Zone): number => {
  if (typeof text === 'string' && LOCAL_TIME.test(text)) {
    const local = DateTime.fromISO(text, { zone });
    if (local.isValid) return local.toMillis();
  } else if (typeof text === 'string' && /(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return parseInstant(text);
  }
  throw new RangeError(`not an ISO-8601 time: ${JSON.stringify(text)}`);
};
