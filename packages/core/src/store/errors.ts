import type { ExpectedVersion } from './port';

/** The stream was not at the version the writer expected (optimistic concurrency). */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  readonly kind = 'concurrency' as const;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'noStream',
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, found ${String(actual)}`);
  }
}

/** An event could not be stored as given (bad envelope, broken chain on import, …); nothing was written. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  readonly kind = 'invalidEvent' as const;
  constructor(
    readonly streamId: string,
    readonly field: string,
    readonly reason: string,
    readonly index?: number,
  ) {
    super(`stream ${streamId}${index === undefined ? '' : ` event ${index}`}: ${field}: ${reason}`);
  }
}

/** Actual version of a stream: the last stream position, or 'noStream'. */
export const actualVersion = (length: number): number | 'noStream' => (length === 0 ? 'noStream' : length - 1);

/** Does a stream of `length` events satisfy the expected version? */
export const matchesExpected = (expected: ExpectedVersion | undefined, length: number): boolean => {
  if (expected === undefined || expected === 'any') return true;
  if (expected === 'noStream') return length === 0;
  if (expected === 'streamExists') return length > 0;
  return expected === length - 1;
};

/**
 * The store could not be reached for longer than the writer retries (connection lost, server
 * restarting, a read-only standby). `stored` says what became of the append: `false` when it was
 * never sent or surely refused, `'unknown'` when it was sent and no answer came: repeat the command
 * with the same `commandId` (the engine answers it from the stream if it was stored).
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly kind = 'unavailable' as const;
  constructor(
    readonly streamIds: readonly string[],
    readonly stored: false | 'unknown',
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`store unavailable for ${streamIds.join(', ')} after ${attempts} attempts (stored: ${String(stored)}): ${(cause as Error)?.message ?? String(cause)}`);
  }
}
