import { isLeft, type Either } from 'fp-ts/lib/Either';
import type { InterchangeError } from './errors';

/** Test support: every item of an async iterable. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** Test support: the refusal of a log that was expected to be refused. */
export const errorOf = <A>(result: Either<InterchangeError, A>): InterchangeError => {
  if (!isLeft(result)) throw new Error('expected the log to be refused');
  return result.left;
};
