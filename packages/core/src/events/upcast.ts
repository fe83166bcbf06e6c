/**
 * Upcasters turn the data of an old schema version into the current shape, so old events read as
 * the current types. Register one per (type, fromVersion); they run in version order on read.
 */
export type Upcaster = (data: unknown) => unknown;

const upcasters = new Map<string, Map<number, Upcaster>>();

/** Register how to lift `type` data from `fromVersion` to `fromVersion + 1`. */
export const registerUpcaster = (type: string, fromVersion: number, upcaster: Upcaster): void => {
  const byVersion = upcasters.get(type) ?? new Map<number, Upcaster>();
  byVersion.set(fromVersion, upcaster);
  upcasters.set(type, byVersion);
};

/** Lift data of `type` written at `schemaVersion` to the newest version that has upcasters. */
export const upcast = (type: string, schemaVersion: number, data: unknown): unknown => {
  const byVersion = upcasters.get(type);
  if (!byVersion) return data;
  let current = data;
  for (let v = schemaVersion; byVersion.has(v); v++) current = (byVersion.get(v) as Upcaster)(current);
  return current;
};
