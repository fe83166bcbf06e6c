import type { EventStore } from '@banjian/core';

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
  /** Folds submissions stored since the last call (by this service or any other writer). */
  refresh(): Promise<void>;
  byId(caseId: string): CaseEntry | undefined;
  /** Every case with this case number 办件编号 (one, unless two halls numbered alike). */
  byNo(caseNo: string): readonly CaseEntry[];
}

/** An index of submitted cases, from the log's `ApplicationSubmitted` events. */
export const createCaseIndex = (store: EventStore): CaseIndex => {
  const byId = new Map<string, CaseEntry>();
  const byNo = new Map<string, CaseEntry[]>();
  let seen = 0;
  return {
    refresh: async () => {
      for await (const event of store.readAll({ after: seen, types: ['ApplicationSubmitted'] })) {
        seen = event.globalPosition;
        const data = event.data as { caseId: string; caseNo: string; hallId: string; itemCode: string; applicant: { ref: string }; agentId?: string };
        const entry: CaseEntry = {
          caseId: data.caseId, caseNo: data.caseNo, hallId: data.hallId, itemCode: data.itemCode, applicantRef: data.applicant.ref,
          ...(data.agentId === undefined ? {} : { agentId: data.agentId }),
        };
        byId.set(entry.caseId, entry);
        byNo.set(entry.caseNo, [...(byNo.get(entry.caseNo) ?? []), entry]);
      }
    },
    byId: (caseId) => byId.get(caseId),
    byNo: (caseNo) => byNo.get(caseNo) ?? [],
  };
};
