import { ConcurrencyError, type ExpectedVersion } from '@banjian/core';
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision, type CurrentRevision, type WrongExpectedVersionError } from '@eventstore/db-client';

/** Our expected version as EventStoreDB's expected revision: exact n ↔ `BigInt(n)`, the rest by name. */
export const toExpectedRevision = (expected: ExpectedVersion | undefined): AppendExpectedRevision => {
  if (expected === undefined || expected === 'any') return ANY;
  if (expected === 'noStream') return NO_STREAM;
  if (expected === 'streamExists') return STREAM_EXISTS;
  return BigInt(expected);
};

export const fromExpectedRevision = (revision: AppendExpectedRevision): ExpectedVersion => {
  if (revision === ANY) return 'any';
  if (revision === NO_STREAM) return 'noStream';
  if (revision === STREAM_EXISTS) return 'streamExists';
  return toVersionNumber(revision);
};

/** A stream's current revision as our actual version. */
export const fromCurrentRevision = (current: CurrentRevision): number | 'noStream' => (current === NO_STREAM ? 'noStream' : toVersionNumber(current));

/** The exact revision of a stream of `length` events: what an append sealed on that head must expect. */
export const revisionOfLength = (length: number): AppendExpectedRevision => (length === 0 ? NO_STREAM : BigInt(length - 1));

/** EventStoreDB refused the append: the same refusal in our terms, with what the writer expected. */
export const concurrencyErrorOf = (error: WrongExpectedVersionError, streamId: string, expected: ExpectedVersion | undefined): ConcurrencyError =>
  new ConcurrencyError(streamId, expected ?? 'any', fromCurrentRevision(error.actualVersion));

const toVersionNumber = (revision: bigint): number => {
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} is beyond what a version number holds`);
  return Number(revision);
};
