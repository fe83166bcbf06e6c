import canonicalizeJson from 'canonicalize';

/** RFC 8785 JSON Canonicalization Scheme text of a JSON value. */
export const canonicalJson = (value: unknown): string => {
  const text = canonicalizeJson(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
};
