/**
 * One walk over an envelope that builds the deep-frozen object a reader gets, with every object's
 * keys inserted in RFC 8785 order, so that `JSON.stringify` of it (native, no per-key string
 * building) is the canonical text `hashedText` writes — and the object equals `JSON.parse` of it.
 *
 * It covers plain JSON data (plain objects, arrays, strings, finite numbers, booleans, null, and
 * undefined object fields, which the text leaves out). Anything else — a class instance, `toJSON`,
 * an undefined array element, a non-finite number, a `__proto__` key, a key that starts with a
 * digit (an array index, which objects enumerate before other keys whatever the insertion order),
 * very deep nesting — returns undefined, and the caller takes the general path (canonicalJson,
 * then JSON.parse of the text).
 */
const MAX_DEPTH = 64;

/** What `copyOf` returns for a value it does not copy. */
const DECLINED: unique symbol = Symbol('declined');

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** A key `JSON.stringify` would write where its insertion order puts it: not `__proto__`, no leading digit. */
const isOrderedKey = (key: string): boolean => {
  const first = key.charCodeAt(0);
  return !(first >= 48 && first <= 57) && key !== '__proto__';
};

const copyOf = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return DECLINED;
      // -0 is written "0" and reads back as 0.
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return DECLINED;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = value[i] as unknown;
          const copy = item === undefined ? DECLINED : copyOf(item, depth + 1);
          if (copy === DECLINED) return DECLINED;
          out[i] = copy;
        }
        return Object.freeze(out);
      }
      if (!isPlainObject(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return DECLINED;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length > 1) keys.sort();
      const out = copyFields(record, keys, depth);
      return out ? Object.freeze(out) : DECLINED;
    }
    default:
      return DECLINED;
  }
};

/** The object of the fields `keys` (in that order) that `record` defines, each copied. */
function copyFields(record: Record<string, unknown>, keys: readonly string[], depth: number): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = record[key];
    if (item === undefined) continue;
    if (!isOrderedKey(key)) return undefined;
    const copy = copyOf(item, depth + 1);
    if (copy === DECLINED) return undefined;
    out[key] = copy;
  }
  return out;
}

/**
 * The canonical text of the fields `keys` of `envelope` — given in canonical (sorted) order, the
 * hashed fields — and a fresh object equal to `JSON.parse` of that text: nested values frozen, the
 * top level left open for the caller to add the unhashed fields and freeze. Undefined when the
 * envelope holds anything but plain JSON data.
 */
export const canonicalCopy = (envelope: Record<string, unknown>, keys: readonly string[]): { canonical: string; copy: Record<string, unknown> } | undefined => {
  if (!isPlainObject(envelope)) return undefined;
  const copy = copyFields(envelope, keys, 0);
  return copy && { canonical: JSON.stringify(copy), copy };
};
