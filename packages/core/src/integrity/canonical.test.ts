import referenceJcs from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';

describe('canonical JSON (RFC 8785)', () => {
  it('given any JSON value, when canonicalised, then the text equals the reference JCS implementation', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(fc.property(json, (value) => canonicalJson(value) === referenceJcs(value)), { numRuns: 2000 });
  });

  it('given keys that sort differently by code unit and by code point, when canonicalised, then UTF-16 order wins', () => {
    const value = { '\u{1F600}': 1, '\uFB01': 2, a: 3, '办件': 4 };
    expect(canonicalJson(value)).toBe(referenceJcs(value));
    expect(canonicalJson(value)).toBe('{"a":3,"办件":4,"\u{1F600}":1,"ﬁ":2}');
  });

  it('given numbers at the edges of ECMAScript serialisation, when canonicalised, then they print as JCS says', () => {
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 123456789012345680000, 5e-324])).toBe('[1e+21,1e-7,0.1,0,123456789012345680000,5e-324]');
  });

  it('given a value JSON cannot hold, when canonicalised, then it is refused rather than written lossily', () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow();
    expect(() => canonicalJson({ amount: Number.POSITIVE_INFINITY })).toThrow();
  });
});
