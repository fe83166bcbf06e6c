/**
 * One walk over an envelope that writes its RFC 8785 canonical text (what `hashedText` writes) and
 * builds the deep-frozen object a reader gets — equal to `JSON.parse` of that text, keys in the
 * same order — without serialising with one library and parsing the text back.
 *
 * It covers plain JSON data (plain objects, arrays, strings, finite numbers, booleans, null, and
 * undefined object fields, which the text leaves out). Anything else — a class instance, `toJSON`,
 * an undefined array element, a non-finite number, a `__proto__` key, very deep nesting — returns
 * undefined, and the caller takes the general path (canonicalJson, then JSON.parse of the text).
 */
const MAX_DEPTH = 64;

/** The copy of the value the last `walk` call wrote. */
let copied: unknown;

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

const walk = (value: unknown, depth: number): string | undefined => {
  switch (typeof value) {
    case 'string':
      copied = value;
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) return undefined;
      // -0 is written "0" and reads back as 0.
      copied = value === 0 ? 0 : value;
      return JSON.stringify(value);
    case 'boolean':
      copied = value;
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) {
        copied = null;
        return 'null';
      }
      if (depth >= MAX_DEPTH) return undefined;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          const item = value[i] as unknown;
          if (item === undefined) return undefined;
          const part = walk(item, depth + 1);
          if (part === undefined) return undefined;
          text += i === 0 ? part : `,${part}`;
          out[i] = copied;
        }
        copied = Object.freeze(out);
        return `${text}]`;
      }
      if (!isPlainObject(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      let text = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const item = record[key];
        if (item === undefined) continue;
        if (key === '__proto__') return undefined;
        const part = walk(item, depth + 1);
        if (part === undefined) return undefined;
        text += `${first ? '' : ','}${JSON.stringify(key)}:${part}`;
        first = false;
        out[key] = copied;
      }
      copied = Object.freeze(out);
      return `${text}}`;
    }
    default:
      return undefined;
  }
};

/**
 * The canonical text of `envelope` without the fields in `unhashed`, and a fresh object equal to
 * `JSON.parse` of that text: nested values frozen, the top level left open for the caller to add
 * the unhashed fields and freeze. Undefined when the envelope holds anything but plain JSON data.
 */
export const canonicalCopy = (envelope: Record<string, unknown>, unhashed: ReadonlySet<string>): { canonical: string; copy: Record<string, unknown> } | undefined => {
  if (!isPlainObject(envelope)) return undefined;
  const copy: Record<string, unknown> = {};
  let text = '{';
  let first = true;
  for (const key of Object.keys(envelope).sort()) {
    const item = envelope[key];
    if (item === undefined || unhashed.has(key)) continue;
    if (key === '__proto__') return undefined;
    const part = walk(item, 1);
    if (part === undefined) return undefined;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${part}`;
    first = false;
    copy[key] = copied;
  }
  copied = undefined;
  return { canonical: `${text}}`, copy };
};
