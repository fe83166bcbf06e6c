import { START, type Position } from '@eventstore/db-client';

/**
 * EventStoreDB's `$all` position of an event is a byte offset in its transaction log: increasing in
 * `$all` order, unique per event (an event of a gRPC append is committed by itself, so its commit
 * and prepare positions are both its own log position), but not dense. The commit position is our
 * `globalPosition` as it is: positive, strictly increasing, gaps allowed (the port asks no more),
 * and a checkpoint resumes a `$all` subscription exactly where it stopped.
 */
export const globalPositionOf = (position: Position | undefined): number => {
  // Servers that do not know an event's position (some stream reads) send 2^64 − 1 or nothing.
  if (position === undefined || position.commit > BigInt(Number.MAX_SAFE_INTEGER)) return UNKNOWN_POSITION;
  return Number(position.commit);
};

/** A global position that a server did not report (older servers' stream reads). */
export const UNKNOWN_POSITION = 0;

/** Where a `$all` subscription starts to deliver the events after checkpoint `after`. */
export const subscriptionStart = (after: number): Position | typeof START =>
  after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
