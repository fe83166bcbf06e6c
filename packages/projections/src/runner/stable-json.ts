/**
 * JSON with object keys sorted at every level and Maps written as sorted objects: the same
 * projection output gives the same bytes, whatever order it was built in.
 */
export const stableStringify = (value: unknown, indent?: number): string => JSON.stringify(normalise(value), null, indent);

const normalise = (value: unknown): unknown => {
  if (value instanceof Map) return normalise(Object.fromEntries(value));
  if (value instanceof Set) return [...value].map(normalise);
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined && typeof v !== 'function') out[k] = normalise(v);
    }
    return out;
  }
  return value;
};
