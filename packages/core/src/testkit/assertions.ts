import { AssertionError, deepStrictEqual } from 'node:assert';
import { isDeepStrictEqual, inspect } from 'node:util';

/** What an expected error must have (each given field equal, e.g. `{ kind, rule }`), or a predicate. */
export type ErrorMatcher<Err> = { kind?: string; rule?: string; [field: string]: unknown } | ((error: Err) => boolean);

const show = (value: unknown) => inspect(value, { depth: 6, breakLength: 120 });

/** Fail a specification with a message that shows what actually happened. */
export const fail = (message: string, actual?: unknown, expected?: unknown): never => {
  throw new AssertionError({ message, actual, expected, operator: 'specification' });
};

/** The events compared by what a decider decides: type and data, in order. */
export const assertEvents = (
  actual: readonly { type: string; data: unknown }[],
  expected: readonly { type: string; data: unknown }[],
): void => {
  deepStrictEqual(
    actual.map(({ type, data }) => ({ type, data })),
    expected.map(({ type, data }) => ({ type, data })),
    `expected the events ${show(expected)}, got ${show(actual)}`,
  );
};

export const assertErrorMatches = <Err>(error: Err, matcher: ErrorMatcher<Err>): void => {
  if (typeof matcher === 'function') {
    if (!matcher(error)) fail(`the error did not satisfy the predicate: ${show(error)}`, error);
    return;
  }
  const fields = error as Record<string, unknown>;
  for (const [field, value] of Object.entries(matcher)) {
    if (!isDeepStrictEqual(fields?.[field], value)) {
      fail(`expected an error with ${field} ${show(value)}, got ${show(error)}`, error, matcher);
    }
  }
};

/** A success where an error was expected. */
export const failUnexpectedSuccess = (what: unknown, matcher: unknown): never =>
  fail(`expected an error matching ${typeof matcher === 'function' ? 'the predicate' : show(matcher)}, got success: ${show(what)}`, what, matcher);

/** An error where success was expected. */
export const failUnexpectedError = (error: unknown, expected: unknown): never =>
  fail(`expected ${show(expected)}, got the error ${show(error)}`, error, expected);
