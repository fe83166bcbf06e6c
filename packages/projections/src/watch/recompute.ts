import type { Actor, CaseCommand, CommandEngine, Decider, EventStore, StoredEventOf } from '@banjian/core';
import { caseStream } from '@banjian/core';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { rebuild } from '../runner/rebuild';

export interface DeadlineRecomputeOptions {
  readonly store: EventStore;
  readonly engine: CommandEngine;
  /** The case decider, over a directory that already holds the published calendar. */
  readonly decider: Decider<CaseCommand, any, any, any>;
  /** The calendar notice that changed: a new year replacing a provisional one, an ad-hoc holiday. */
  readonly published: StoredEventOf<'CalendarPublished'>;
  /** Business time of the recomputation (ISO-8601 with offset); not before the cases' last events. */
  readonly at: string;
  /** Default `{ kind: 'system', id: 'deadline-recompute' }`. */
  readonly actor?: Actor;
}

export interface DeadlineRecomputePass {
  /** Cases whose due times moved: a `DeadlineRecomputed` was appended (or had been, on a re-run). */
  recomputed: string[];
  /** Open cases whose due times stayed the same: nothing appended. */
  unchanged: string[];
  /** Cases the decider or the store refused, with why. */
  refused: { caseId: string; reason: string }[];
}

const OPEN: ReadonlySet<string> = new Set(['accepted', 'suspended']);

/**
 * After a calendar changes (spec §4), every open case of a hall on that calendar is recomputed
 * through the case decider's `RecomputeDeadline`: an explicit `DeadlineRecomputed` with both
 * versions where a due time moves, nothing where it does not; completed cases keep their figures.
 * Command ids name the case and the calendar version, so a re-run appends nothing twice.
 */
export const recomputeOpenDeadlines = async (options: DeadlineRecomputeOptions): Promise<DeadlineRecomputePass> => {
  const { published, engine, decider, at } = options;
  const actor = options.actor ?? { kind: 'system', id: 'deadline-recompute' };
  const { calendarId, version } = published.data;
  const facts = (await rebuild(options.store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;
  const pass: DeadlineRecomputePass = { recomputed: [], unchanged: [], refused: [] };
  const handler = { decider, streamId: (c: CaseCommand) => caseStream(c.data.caseId) };
  const caseIds = [...facts.cases.values()]
    .filter((c) => OPEN.has(c.status) && facts.context.halls.get(c.hallId)?.calendarId === calendarId)
    .map((c) => c.caseId)
    .sort();
  for (const caseId of caseIds) {
    const command = {
      type: 'RecomputeDeadline',
      data: { caseId, reason: `calendar ${calendarId} ${published.data.year} published (${version})` },
      metadata: { commandId: `recompute:${caseId}:${version}`, actor, at },
    } as CaseCommand;
    const result = await engine.handle(handler, command);
    if (result._tag === 'Left') pass.refused.push({ caseId, reason: (result.left as { message?: string }).message ?? String(result.left) });
    else (result.right.events.length > 0 ? pass.recomputed : pass.unchanged).push(caseId);
  }
  return pass;
};
