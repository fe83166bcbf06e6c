import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../decider/decider';
import { createInMemoryEventStore } from '../store/memory';
import { DeciderSpecification } from './decider-specification';
import { TESTKIT_ACTOR } from './given-events';
import {
  accepted,
  at,
  rejected,
  sampleCommand,
  sampleDecider,
  sampleHandler,
  submitted,
  visited,
  type SampleEvent,
} from './sample-case.fixture';
import { givenStore } from './store-specification';

const spec = DeciderSpecification.for(sampleDecider);

const rejectsWithAssertion = async (run: () => Promise<unknown>, message: RegExp) => {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssertionError);
  expect((error as Error).message).toMatch(message);
};

describe('DeciderSpecification', () => {
  it('given a submitted case, when Accept is specified with the right event, then the specification passes', () => {
    expect(() => spec.given([submitted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).then([accepted('c1')])).not.toThrow();
  });

  it('given no history, when Submit is specified with no given, then it passes', () => {
    expect(() => spec.when(sampleCommand('Submit', { caseId: 'c1' })).then([submitted('c1')])).not.toThrow();
  });

  it('given a wrong expected event, when checked, then an AssertionError names both', () => {
    const check = () => spec.given([submitted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).then([rejected('c1')]);
    expect(check).toThrow(AssertionError);
    expect(check).toThrow(/CaseRejected[\s\S]*CaseAccepted/);
  });

  it('given an illegal command, when the error is specified by kind and rule, then it passes; a wrong rule throws', () => {
    const when = spec.given([submitted('c1'), rejected('c1')]).when(sampleCommand('Accept', { caseId: 'c1' }));
    expect(() => when.thenError({ kind: 'illegalTransition', rule: 'acceptOnlySubmitted' })).not.toThrow();
    expect(() => when.thenError((e) => e.state === 'rejected')).not.toThrow();
    expect(() => when.thenError({ rule: 'submitOnce' })).toThrow(AssertionError);
    expect(() => when.thenError(() => false)).toThrow(AssertionError);
  });

  it('given a legal command, when an error is expected, then an AssertionError says it succeeded', () => {
    expect(() => spec.given([submitted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).thenError({ kind: 'illegalTransition' })).toThrow(
      /got success/,
    );
  });

  it('given an illegal command, when events are expected, then an AssertionError shows the error', () => {
    expect(() => spec.when(sampleCommand('Accept', { caseId: 'c1' })).then([accepted('c1')])).toThrow(/acceptOnlySubmitted/);
  });

  it('given an accepted case, when Accept again is specified as nothing, then it passes; a decision or an error does not', () => {
    expect(() => spec.given([submitted('c1'), accepted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).thenNothing()).not.toThrow();
    expect(() => spec.given([submitted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).thenNothing()).toThrow(AssertionError);
    expect(() => spec.when(sampleCommand('Accept', { caseId: 'c1' })).thenNothing()).toThrow(AssertionError);
  });

  it('given events without metadata, when folded, then they happened at the command time by the test-kit actor, in stream order', () => {
    const seen: RecordedEvent<SampleEvent>[] = [];
    const watching = { ...sampleDecider, evolve: (s: ReturnType<typeof sampleDecider.initialState>, e: RecordedEvent<SampleEvent>) => (seen.push(e), sampleDecider.evolve(s, e)) };
    const command = sampleCommand('Visit', { caseId: 'c1' }, { at: at(90) });
    DeciderSpecification.for(watching).given([submitted('c1'), { ...visited('c1'), occurredAt: at(10) }]).when(command).then([visited('c1')]);
    expect(seen.map((e) => [e.occurredAt, e.actor, e.streamPosition])).toEqual([
      [at(90), TESTKIT_ACTOR, 0],
      [at(10), TESTKIT_ACTOR, 1],
    ]);
  });
});

describe('givenStore', () => {
  it('given a submitted case in the store, when Accept runs through the engine, then the appended event passes and is returned', async () => {
    const command = sampleCommand('Accept', { caseId: 'c1' });
    const { store, result } = await givenStore(sampleHandler).given([submitted('c1')]).when(command).then([accepted('c1')]);
    expect(result.events[0]).toMatchObject({ streamPosition: 1, commandId: command.metadata.commandId });
    expect(await store.readStream('case-c1')).toHaveLength(2);
  });

  it('given a wrong expected event, when run, then the check rejects with an AssertionError', async () => {
    await rejectsWithAssertion(
      () => givenStore(sampleHandler).given([submitted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).then([visited('c1')]),
      /VisitRecorded/,
    );
  });

  it('given a rejected case, when Accept is expected to fail, then it passes and the stream is unchanged; a success expectation fails', async () => {
    const store = createInMemoryEventStore();
    const command = sampleCommand('Accept', { caseId: 'c1' });
    await givenStore(sampleHandler, { store }).given([submitted('c1'), rejected('c1')]).when(command).thenError({ rule: 'acceptOnlySubmitted' });
    expect(await store.readStream('case-c1')).toHaveLength(2);
    await rejectsWithAssertion(() => givenStore(sampleHandler).given([submitted('c1'), rejected('c1')]).when(command).then([accepted('c1')]), /acceptOnlySubmitted/);
  });

  it('given events in another stream, when a command runs, then only its own stream is its history', async () => {
    await givenStore(sampleHandler).given([submitted('c9')], 'case-c9').when(sampleCommand('Submit', { caseId: 'c1' })).then([submitted('c1')]);
    await rejectsWithAssertion(
      () => givenStore(sampleHandler).given([submitted('c9')], 'case-c9').when(sampleCommand('Accept', { caseId: 'c1' })).thenNothing(),
      /acceptOnlySubmitted/,
    );
  });

  it('given the command already stored, when expected to append, then the check fails as already done', async () => {
    const command = sampleCommand('Submit', { caseId: 'c1' });
    await rejectsWithAssertion(
      () => givenStore(sampleHandler).given([{ ...submitted('c1'), commandId: command.metadata.commandId }]).when(command).then([submitted('c1')]),
      /already done/,
    );
  });

  it('given an accepted case, when Accept again is expected to do nothing, then it passes', async () => {
    await givenStore(sampleHandler).given([submitted('c1'), accepted('c1')]).when(sampleCommand('Accept', { caseId: 'c1' })).thenNothing();
  });
});
