import { isLeft, type Either } from 'fp-ts/lib/Either';
import type { Command, Decider } from '../decider/decider';
import { assertErrorMatches, assertEvents, failUnexpectedError, failUnexpectedSuccess, type ErrorMatcher } from './assertions';
import { recordGiven, type GivenEvent } from './given-events';

/** The outcome checks of a specification; each throws an `AssertionError` (node:assert) on a mismatch. */
export interface DeciderThen<E, Err> {
  /** The command decides exactly these events (type and data, in order). */
  then(expected: readonly E[]): void;
  /** The command is refused with an error matching `{kind?, rule?, …}` or the predicate. */
  thenError(matcher: ErrorMatcher<Err>): void;
  /** The command is accepted and decides no events. */
  thenNothing(): void;
}

export interface DeciderWhen<C, E, Err> {
  /** Note: the returned object has a `then` method, so do not `await` it. */
  when(command: C): DeciderThen<E, Err>;
}

export interface DeciderGiven<C, E extends { type: string; data: unknown }, Err> extends DeciderWhen<C, E, Err> {
  /** The stream's history; metadata may be left out (the events then happened at the command's time). */
  given(events: readonly GivenEvent<E>[]): DeciderWhen<C, E, Err>;
}

const commandTime = (command: unknown): string | undefined => (command as Partial<Command> | undefined)?.metadata?.at;

/**
 * Given/when/then for a decider, framework-agnostic (node:assert), for hall developers' own tests:
 * `DeciderSpecification.for(decider).given(history).when(command).then(events)`.
 */
export const DeciderSpecification = {
  for<C, E extends { type: string; data: unknown }, S, Err>(decider: Decider<C, E, S, Err>): DeciderGiven<C, E, Err> {
    const given = (history: readonly GivenEvent<E>[]): DeciderWhen<C, E, Err> => ({
      when(command: C): DeciderThen<E, Err> {
        const decide = (): Either<Err, readonly E[]> => {
          const state = recordGiven(history, commandTime(command)).reduce((state, event) => decider.evolve(state, event), decider.initialState());
          return decider.decide(command, state);
        };
        return {
          then(expected) {
            const result = decide();
            if (isLeft(result)) failUnexpectedError(result.left, expected);
            else assertEvents(result.right, expected);
          },
          thenError(matcher) {
            const result = decide();
            if (isLeft(result)) assertErrorMatches(result.left, matcher);
            else failUnexpectedSuccess(result.right, matcher);
          },
          thenNothing() {
            const result = decide();
            if (isLeft(result)) failUnexpectedError(result.left, []);
            else assertEvents(result.right, []);
          },
        };
      },
    });
    return { given, when: (command) => given([]).when(command) };
  },
};
