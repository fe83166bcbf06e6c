import type { RecordedEvent } from '../decider/decider';
import type { Metadata } from '../events/envelope';
import type { Actor } from '../events/primitives';

/** An event of a test's history: type and data, with metadata optional (defaulted by the test kit). */
export type GivenEvent<E extends { type: string; data: unknown }> = E & Partial<Metadata> & { streamPosition?: number };

/** Who did a given event when the test does not say. */
export const TESTKIT_ACTOR: Actor = { kind: 'system', id: 'testkit' };

/** When a given event happened when the test does not say and the command has no time either. */
export const TESTKIT_TIME = '2025-01-02T09:00:00+08:00';

/**
 * Complete the given events as a stream would hold them: metadata defaulted (the history happened
 * at or before the command, by the test-kit actor) and stream positions in order.
 */
export const recordGiven = <E extends { type: string; data: unknown }>(
  events: readonly GivenEvent<E>[],
  occurredAt: string = TESTKIT_TIME,
): RecordedEvent<E>[] =>
  events.map((event, index) => ({ streamPosition: index, ...event, occurredAt: event.occurredAt ?? occurredAt, actor: event.actor ?? TESTKIT_ACTOR }));
