/**
 * A state as nested arrays that keep every order: Map entries, array items and object keys as
 * they were inserted. The case facts' intern tables are left out (a cache, see cases/split.ts).
 */
export const ordered = (value: unknown): unknown => {
  if (value instanceof Map) return ['Map', [...value].map(([k, v]) => [k, ordered(v)])];
  if (value instanceof Set) return ['Set', [...value].map(ordered)];
  if (Array.isArray(value)) return value.map(ordered);
  if (typeof value === 'function') return 'function';
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).filter(([k]) => k !== 'strings' && k !== 'holders' && k !== 'limits').map(([k, v]) => [k, ordered(v)]);
  }
  return value;
};
