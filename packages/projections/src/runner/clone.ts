/**
 * A deep copy of a projection state for a checkpoint: plain objects, arrays, Maps and Sets are
 * copied; frozen objects (work calendars and clocks, stored events) and functions are immutable
 * and shared. Resuming from the copy is the same as never having stopped.
 */
export const cloneState = <S>(state: S): S => copy(state) as S;

const copy = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map(copy);
  if (value instanceof Map) {
    const out = new Map();
    for (const [k, v] of value) out.set(k, copy(v));
    return out;
  }
  if (value instanceof Set) return new Set([...value].map(copy));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = copy((value as Record<string, unknown>)[k]);
  return out;
};
