import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, decimalOf, percentOf, ratio, ratioOfDecimal, sub } from './exact';

describe('exact rounding', () => {
  it('given 13825 of 13826, when shown as a percentage, then it is 99.99 and not 100.00', () => {
    expect(percentOf(ratio(13825, 13826))).toEqual({ value: 99.99, text: '99.99' });
  });

  it('given the seed ratios, when rounded half-up, then they match the published figures', () => {
    expect(percentOf(ratio(11690, 11866)).text).toBe('98.52');
    expect(percentOf(ratio(7287, 11866)).text).toBe('61.41');
    expect(percentOf(ratio(9519, 10018)).text).toBe('95.02');
    expect(percentOf(ratio(1507, 4092)).text).toBe('36.83');
    expect(decimalOf(ratio(4092, 197), 2).text).toBe('20.77');
    expect(decimalOf(ratio(2585, 197), 2).text).toBe('13.12');
    expect(decimalOf(ratio(11690, 11), 0).text).toBe('1063');
  });

  it('given an exact half, when rounded, then it rounds away from zero', () => {
    expect(decimalOf(ratio(1, 8), 2).text).toBe('0.13');
    expect(decimalOf(ratio(-1, 8), 2).text).toBe('-0.13');
    expect(percentOf(ratio(1, 200000)).text).toBe('0.01');
  });

  it('given any share strictly between 0 and 1, when shown, then it never prints a bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (d, k) => {
        const n = 1 + (k % (d - 1));
        const { value } = percentOf(ratio(n, d));
        expect(value).toBeGreaterThan(0);
        expect(value).toBeLessThan(100);
      }),
    );
  });

  it('given decimals, when read exactly, then sums carry no binary error', () => {
    const sum = add(ratioOfDecimal(0.1), ratioOfDecimal(0.2));
    expect(sub(sum, ratioOfDecimal(0.3))).toEqual({ n: 0n, d: 1n });
    expect(ratioOfDecimal(1e21)).toEqual({ n: 10n ** 21n, d: 1n });
  });
});
