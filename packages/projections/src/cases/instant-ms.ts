/**
 * Epoch ms of an ISO-8601 instant as stored events write it — `YYYY-MM-DDTHH:MM:SS±HH:MM` or
 * `…Z` — by plain arithmetic (days from the civil date), the fold's hottest call; any other form
 * (fractions of a second, no seconds) goes to `Date.parse`. Events reach a fold already checked by
 * the codecs, so the digits are not re-validated here.
 */
export const instantMs = (iso: string): number => {
  const n = iso.length;
  if ((n !== 25 && n !== 20) || iso.charCodeAt(10) !== 84 /* T */ || iso.charCodeAt(16) !== 58 /* : */) return Date.parse(iso);
  const d = (i: number) => iso.charCodeAt(i) - 48;
  let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const m = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  // days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  const local = days * 86_400_000 + (d(11) * 10 + d(12)) * 3_600_000 + (d(14) * 10 + d(15)) * 60_000 + (d(17) * 10 + d(18)) * 1000;
  if (n === 20) return local;
  const offset = ((d(20) * 10 + d(21)) * 60 + d(23) * 10 + d(24)) * 60_000;
  return iso.charCodeAt(19) === 45 /* - */ ? local + offset : local - offset;
};
