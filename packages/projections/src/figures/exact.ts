/**
 * Exact ratios for published figures: a figure is rounded once, at the end, from its exact
 * numerator and denominator (integers), half-up (四舍五入, half away from zero), so binary
 * floating point never decides a digit.
 */
export interface Ratio {
  n: bigint;
  d: bigint;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const gcd = (a: bigint, b: bigint): bigint => {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

export const ratio = (n: bigint | number, d: bigint | number): Ratio => {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
};

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);

/**
 * `r × scale` rounded half-up to `decimals`, as the scaled integer (e.g. 9852n for 98.52 at 2 decimals).
 */
export const roundScaled = (r: Ratio, decimals: number, scale = 1n): bigint => {
  const factor = 10n ** BigInt(decimals);
  const num = abs(r.n) * scale * factor * 2n + r.d;
  const rounded = num / (2n * r.d);
  return r.n < 0n ? -rounded : rounded;
};

/** A scaled integer written with its decimals: `9852n, 2` → `"98.52"`. */
export const decimalText = (scaled: bigint, decimals: number): string => {
  const sign = scaled < 0n ? '-' : '';
  const digits = abs(scaled).toString().padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
};

/**
 * A share as a percentage, half-up at 2 decimals, never rounded onto a bound it does not reach:
 * 13825/13826 = 99.9927… prints 99.99, and 99.996 % prints 99.99, not 100.00 (nor 0.004 % as 0.00).
 */
export const percentOf = (r: Ratio, decimals = 2): { value: number; text: string } => {
  let scaled = roundScaled(r, decimals, 100n);
  const full = 100n * 10n ** BigInt(decimals);
  if (r.n > 0n && r.n < r.d && scaled >= full) scaled = full - 1n;
  if (r.n > 0n && scaled === 0n) scaled = 1n;
  const text = decimalText(scaled, decimals);
  return { value: Number(text), text };
};

/** A plain rounded number, half-up. */
export const decimalOf = (r: Ratio, decimals: number): { value: number; text: string } => {
  const text = decimalText(roundScaled(r, decimals), decimals);
  return { value: Number(text), text };
};

/** A decimal number (e.g. an amount in major units) as an exact ratio, from its shortest decimal text. */
export const ratioOfDecimal = (x: number): Ratio => {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const text = x.toString();
  if (/e/i.test(text)) {
    const [mantissa, exp] = text.toLowerCase().split('e') as [string, string];
    const base = ratioOfDecimal(Number(mantissa));
    const e = Number(exp);
    return e >= 0 ? mul(base, ratio(10n ** BigInt(e), 1n)) : div(base, ratio(10n ** BigInt(-e), 1n));
  }
  const [whole, frac = ''] = text.split('.') as [string, string?];
  return ratio(BigInt(`${whole}${frac}`.replace(/^(-?)0+(?=\d)/, '$1')), 10n ** BigInt(frac.length));
};

/** A ratio as a JS number (for numerators/denominators that are not integers), 6 decimals. */
export const approx = (r: Ratio): number => Number(decimalText(roundScaled(r, 6), 6));
