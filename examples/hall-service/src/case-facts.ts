import { caseStream, type EventStore, type StoredEvent } from '@banjian/core';
import { CASE_FACTS_EVENT_TYPES, caseFactsProjection, type CaseFactsState } from '@banjian/projections';

/** The hall context a case summary reads: halls, departments, windows, staff, catalogue, calendars. */
const CONTEXT_TYPES = [
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'StaffRegistered', 'ServiceItemDefined', 'ServiceItemRevised',
  'ServiceItemSuspended', 'ServiceItemRepealed', 'ServiceItemReinstated', 'CalendarPublished',
];
const FOLDED = new Set<string>(CASE_FACTS_EVENT_TYPES);
const READ_AT_ONCE = 16;

export interface OneCase {
  /** The projections' case facts holding this one case over the current hall context. */
  readonly state: CaseFactsState;
  /** The case stream's version (its last event's stream position). */
  readonly version: number;
  readonly events: readonly StoredEvent[];
  /** The global position the answer reflects: the case's last event or the last context event read, whichever is later. */
  readonly checkpoint: number;
}

/**
 * One case's facts without folding every case: the hall context is folded once and kept current
 * (new context events only), and a case's own stream is folded over it on each read. A case's
 * events fold into its own record and never into the context, so its facts equal those of a fold
 * of the whole log (`caseFactsProjection`).
 */
export const createCaseFacts = (store: EventStore) => {
  const context = caseFactsProjection.init();
  let seen = 0;
  let refreshing: Promise<void> = Promise.resolve();
  // One refresh at a time: two requests reading from the same position would fold an event twice.
  const refresh = () =>
    (refreshing = refreshing.catch(() => undefined).then(async () => {
      for await (const event of store.readAll({ after: seen, types: CONTEXT_TYPES })) {
        caseFactsProjection.apply(context, event);
        seen = event.globalPosition;
      }
    }));
  /** A state of the current context and no case yet (the context shared, never changed by a case's events). */
  const over = (): CaseFactsState => ({ ...context, cases: new Map(), consultations: [], complaints: new Map() });
  const foldInto = (state: CaseFactsState, events: readonly StoredEvent[]) => {
    for (const event of events) if (FOLDED.has(event.type)) caseFactsProjection.apply(state, event);
  };
  return {
    /** One case's facts and events. */
    one: async (caseId: string): Promise<OneCase | undefined> => {
      const [events] = await Promise.all([store.readStream(caseStream(caseId)), refresh()]);
      if (events.length === 0) return undefined;
      const state = over();
      foldInto(state, events);
      return { state, version: events.length - 1, events, checkpoint: Math.max(seen, events[events.length - 1]!.globalPosition) };
    },
    /** These cases' facts in one state (their streams read a few at a time). */
    many: async (caseIds: readonly string[]): Promise<CaseFactsState> => {
      await refresh();
      const state = over();
      for (let i = 0; i < caseIds.length; i += READ_AT_ONCE) {
        const streams = await Promise.all(caseIds.slice(i, i + READ_AT_ONCE).map((id) => store.readStream(caseStream(id))));
        for (const events of streams) foldInto(state, events);
      }
      return state;
    },
  };
};

export type CaseFacts = ReturnType<typeof createCaseFacts>;
