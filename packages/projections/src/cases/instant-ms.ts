/**
 * Epoch ms of an ISO-8601 instant as stored events write it — `YYYY-MM-DDTHH:MM:SS±HH:MM` or
 * `…Z` — by plain arithmetic (days from the civil date), the fold's hottest call; any other form
 * (fractions of a second, no seconds) goes to `Date.parse`. Events reach a fold already checked by
 * the codecs, so the digits are not re-validated here.
 */
// a top-level helper, not a closure per call: tsx (esbuild keepNames) names every closure it creates
const digit = (iso: string, i: number): number => iso.charCodeAt(i) - 48;
const two = (iso: string, i: number): number => digit(iso, i) * 10 + digit(iso, i + 1);

export const instantMs = (iso: string): number => {
  const n = iso.length;
  if ((n !== 25 && n !== 20) || iso.charCodeAt(10) !== 84 /* T */ || iso.charCodeAt(16) !== 58 /* : */) return Date.parse(iso);
  let y = two(iso, 0) * 100 + two(iso, 2);
  const m = two(iso, 5);
  const day = two(iso, 8);
  // days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  const local = days * 86_400_000 + two(iso, 11) * 3_600_000 + two(iso, 14) * 60_000 + two(iso, 17) * 1000;
  if (n === 20) return local;
  const offset = (two(iso, 20) * 60 + two(iso, 23)) * 60_000;
  return iso.charCodeAt(19) === 45 /* - */ ? local + offset : local - offset;
};
