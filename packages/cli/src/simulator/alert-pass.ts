import { createCaseDecider, createComplaintDecider, type CaseContext, type CommandEngine, type EventStore } from '@banjian/core';
import { createAlertScheduler } from '@banjian/projections';

/** What one pass of the hall's alert scheduler changed. */
export interface AlertPassResult {
  readonly raised: number;
  readonly cleared: number;
}

/**
 * The hall's electronic supervision 电子监察 on simulated time: the real alert scheduler
 * (`createAlertScheduler`: the promised and statutory ladders, 差评 steps, complaint answers) run through the simulator's
 * engine and case decider, one pass at each instant asked (the close of each working day).
 * A refused alert is a planning error of the simulator, so it throws.
 */
export const createAlertPass = (options: { store: EventStore; engine: CommandEngine; context: CaseContext }) => {
  let now = '';
  const scheduler = createAlertScheduler({
    store: options.store, engine: options.engine, now: () => now,
    decider: createCaseDecider(options.context), complaintDecider: createComplaintDecider(options.context),
  });
  return async (at: string): Promise<AlertPassResult> => {
    now = at;
    const pass = await scheduler.tick();
    const refused = pass.refused[0];
    if (refused) throw new Error(`the alert scheduler's ${refused.rule} ${refused.level} for ${refused.caseId} at ${at} was refused: ${refused.reason}`);
    return { raised: pass.raised.length, cleared: pass.cleared.length };
  };
};
