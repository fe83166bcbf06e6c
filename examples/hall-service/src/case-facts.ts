import { caseStream, type EventStore, type StoredEvent } from '@banjian/core';
import { CASE_FACTS_EVENT_TYPES, caseFactsProjection, type CaseFactsState } from '@banjian/projections';

/** The hall context a case summary reads: halls, departments, windows, staff, catalogue, calendars. */
const CONTEXT_TYPES = [
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'StaffRegistered', 'ServiceItemDefined', 'ServiceItemRevised',
  'ServiceItemSuspended', 'ServiceItemRepealed', 'ServiceItemReinstated', 'CalendarPublished',
];
const FOLDED = new Set<string>(CASE_FACTS_EVENT_TYPES);

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
  return async (caseId: string): Promise<OneCase | undefined> => {
    const [events] = await Promise.all([store.readStream(caseStream(caseId)), refresh()]);
    if (events.length === 0) return undefined;
    const state: CaseFactsState = { ...context, cases: new Map(), consultations: [], complaints: new Map() };
    for (const event of events) if (FOLDED.has(event.type)) caseFactsProjection.apply(state, event);
    return { state, version: events.length - 1, events, checkpoint: Math.max(seen, events[events.length - 1]!.globalPosition) };
  };
};
