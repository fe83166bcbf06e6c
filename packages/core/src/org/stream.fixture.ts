import { isLeft, type Either } from 'fp-ts/lib/Either';
import type { DomainError } from '../auth/errors';
import type { Decider } from '../decider/decider';
import type { Actor } from '../events/primitives';
import type { Directory } from './directory';
import { actors, command } from './hall.fixture';

/** A refused command: its error, after checking that no events came back. */
export const refusal = <E>(result: Either<DomainError, readonly E[]>): DomainError => {
  if (!isLeft(result)) throw new Error(`expected a refusal, got events ${JSON.stringify(result.right)}`);
  return result.left;
};

/** The events of an allowed command. */
export const events = <E>(result: Either<DomainError, readonly E[]>): readonly E[] => {
  if (isLeft(result)) throw new Error(`expected events, got ${result.left.kind} ${result.left.rule}: ${result.left.message}`);
  return result.right;
};

/**
 * An org stream under test: `run` sends a command that must succeed, folds its events and feeds
 * them to the directory (the "given"); `attempt` only decides (the "when"). `base` fills every command's data.
 */
export const streamHarness = <C, E extends { type: string; data: unknown }, S>(
  decider: Decider<C, E, S, DomainError>,
  directory: Directory,
  at: string,
  base: Record<string, unknown> = {},
) => {
  let state = decider.initialState();
  const attempt = (type: string, data: Record<string, unknown>, actor: Actor = actors.system) =>
    decider.decide(command(type, { ...base, ...data }, actor, at) as C, state);
  const run = (type: string, data: Record<string, unknown> = {}) => {
    for (const e of events(attempt(type, data))) {
      state = decider.evolve(state, { ...e, occurredAt: at, actor: actors.system });
      directory.apply(e);
    }
  };
  return { attempt, run, directory };
};
