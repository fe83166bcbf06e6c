import { caseStream, type EventStore, type StoredEvent } from '@banjian/core';
import { notReady, type ReadModel } from './read-model';

/** What the service needs to know of a case before reading it: whose it is and where. */
export interface CaseEntry {
  readonly caseId: string;
  readonly caseNo: string;
  readonly hallId: string;
  readonly itemCode: string;
  /** The pseudonymous applicant ref recorded at submission (the key of the personal-data vault). */
  readonly applicantRef: string;
  readonly agentId?: string;
}

export interface CaseIndex {
  /** The case's entry, from its own stream's submission (undefined for no such case). */
  byId(caseId: string): Promise<CaseEntry | undefined>;
  /** Every case with this case number 办件编号 (one, unless two halls numbered alike). */
  byNo(caseNo: string): Promise<readonly CaseEntry[]>;
}

const entryOf = (event: StoredEvent | undefined): CaseEntry | undefined => {
  if (event?.type !== 'ApplicationSubmitted') return undefined;
  const data = event.data as { caseId: string; caseNo: string; hallId: string; itemCode: string; applicant: { ref: string }; agentId?: string };
  return {
    caseId: data.caseId, caseNo: data.caseNo, hallId: data.hallId, itemCode: data.itemCode, applicantRef: data.applicant.ref,
    ...(data.agentId === undefined ? {} : { agentId: data.agentId }),
  };
};

/** Entries kept at most (a submission never changes: an entry is never stale). */
const CACHED = 10_000;

/**
 * Cases by id from their own streams (one read of the stream's first event, then cached: a case's
 * submission never changes), so a process never folds every case to answer for one. By case
 * number from the case index 办件库 in the database when the service has one; for a store without
 * a database (memory:, file:), from a fold of the log's submissions.
 */
export const createCaseIndex = (store: EventStore, readModel: ReadModel | undefined): CaseIndex => {
  const cache = new Map<string, CaseEntry>();
  const byId = async (caseId: string): Promise<CaseEntry | undefined> => {
    const hit = cache.get(caseId);
    if (hit) return hit;
    const entry = entryOf((await store.readStream(caseStream(caseId), { maxCount: 1 }))[0]);
    if (!entry) return undefined;
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(caseId, entry);
    return entry;
  };
  if (readModel) {
    return {
      byId,
      byNo: async (caseNo) => {
        const { rows } = await readModel.byCaseNo(caseNo).catch((error: unknown) => {
          // No version has caught up yet: no case is known by number.
          if (notReady(error)) return { rows: [] };
          throw error;
        });
        const entries = await Promise.all(rows.map((row) => byId(row.caseId)));
        return entries.filter((e): e is CaseEntry => e !== undefined);
      },
    };
  }
  const byNo = new Map<string, string[]>();
  let seen = 0;
  return {
    byId,
    byNo: async (caseNo) => {
      for await (const event of store.readAll({ after: seen, types: ['ApplicationSubmitted'] })) {
        seen = event.globalPosition;
        const entry = entryOf(event)!;
        byNo.set(entry.caseNo, [...(byNo.get(entry.caseNo) ?? []), entry.caseId]);
      }
      const entries = await Promise.all((byNo.get(caseNo) ?? []).map(byId));
      return entries.filter((e): e is CaseEntry => e !== undefined);
    },
  };
};
