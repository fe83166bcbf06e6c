import { parseInstant } from '../clock/instant';

/**
 * A clock that stands where the harness puts it: the engine's `now` for tests and simulations
 * that run on simulated time (`createCommandEngine({ store, now: clock.now })`).
 */
export interface SimulatedClock {
  readonly now: () => string;
  /** Moves the clock to an instant (ISO-8601 with offset). */
  set(at: string): void;
  /** Moves the clock on by `ms` milliseconds. */
  advance(ms: number): void;
}

export const simulatedClock = (start: string): SimulatedClock => {
  let current = start;
  parseInstant(start);
  return {
    now: () => current,
    set(at) {
      parseInstant(at);
      current = at;
    },
    advance(ms) {
      current = new Date(parseInstant(current) + ms).toISOString();
    },
  };
};
