import type { AccessEntry, VaultBackend, VaultRecord } from './records';

/** A vault backend in memory (tests, and the contract every backend passes). */
export const createInMemoryVaultBackend = (): VaultBackend => {
  const records = new Map<string, VaultRecord>();
  const log: AccessEntry[] = [];
  return {
    get: async (ref) => records.get(ref),
    commit: async ({ record, chain }) => {
      const entry = chain(log.at(-1));
      if (record) records.set(record.ref, record);
      log.push(entry);
      return entry;
    },
    heldRefs: async ({ retainUntilBefore, masterKeyIdNot }) =>
      [...records.values()]
        .filter((r) => r.sealed !== null)
        .filter((r) => retainUntilBefore === undefined || r.retainUntil <= retainUntilBefore)
        .filter((r) => masterKeyIdNot === undefined || r.masterKeyId !== masterKeyIdNot)
        .map((r) => r.ref),
    accessLog: async (ref) => (ref === undefined ? [...log] : log.filter((e) => e.ref === ref)),
    close: async () => {},
  };
};
