import { ConcurrencyError, type ExpectedVersion } from '@banjian/core';
import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { concurrencyErrorOf, fromCurrentRevision, fromExpectedRevision, revisionOfLength, toExpectedRevision } from './revisions';

describe('expected revisions', () => {
  it.each<[ExpectedVersion, unknown]>([
    [0, 0n],
    [41, 41n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER)],
    ['noStream', NO_STREAM],
    ['streamExists', STREAM_EXISTS],
    ['any', ANY],
  ])('given our %s, when mapped, then it is %s and maps back', (ours, theirs) => {
    expect(toExpectedRevision(ours)).toBe(theirs);
    expect(fromExpectedRevision(toExpectedRevision(ours))).toBe(ours);
  });

  it('given no expectation, when mapped, then it is any', () => {
    expect(toExpectedRevision(undefined)).toBe(ANY);
  });

  it('given a revision beyond a safe integer, when mapped back, then RangeError rather than a wrong number', () => {
    expect(() => fromExpectedRevision(2n ** 60n)).toThrow(RangeError);
  });

  it('given a stream length, when an append is sealed on it, then the revision to expect is exact', () => {
    expect(revisionOfLength(0)).toBe(NO_STREAM);
    expect(revisionOfLength(1)).toBe(0n);
    expect(revisionOfLength(10)).toBe(9n);
  });

  it('given current revisions, when mapped, then they are our actual versions', () => {
    expect(fromCurrentRevision(NO_STREAM)).toBe('noStream');
    expect(fromCurrentRevision(7n)).toBe(7);
  });

  it('given a WrongExpectedVersionError, when translated, then ConcurrencyError names the stream, what the writer expected and what the server holds', () => {
    const refused = new WrongExpectedVersionError(undefined, { streamName: 'banjianCase-c-1', expected: 1n, current: 4n });
    const error = concurrencyErrorOf(refused, 'case-c-1', 1);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ kind: 'concurrency', streamId: 'case-c-1', expected: 1, actual: 4 });
    const none = concurrencyErrorOf(new WrongExpectedVersionError(undefined, { streamName: 'banjianCase-c-2', expected: 0n, current: NO_STREAM }), 'case-c-2', 0);
    expect(none).toMatchObject({ expected: 0, actual: 'noStream' });
  });
});
