import { configure } from 'safe-stable-stringify';

/**
 * RFC 8785 JSON Canonicalization Scheme text of a JSON value. For JSON data, JCS is keys sorted by
 * UTF-16 code units, ECMAScript number and string serialisation, no whitespace: exactly what
 * safe-stable-stringify's deterministic, strict mode writes (strict refuses NaN, Infinity, bigint,
 * functions and cycles instead of writing a lossy stand-in). A property test holds it to the
 * reference implementation.
 */
const jcs = configure({ deterministic: true, strict: true, bigint: false, circularValue: Error });

export const canonicalJson = (value: unknown): string => {
  const text = jcs(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
};
