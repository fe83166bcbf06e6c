import fc from 'fast-check';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events/envelope';
import { createInMemoryEventStore } from '../store/memory';
import type { EventStore, ReadStreamOptions } from '../store/port';
import {
  at,
  decodingSampleHandler,
  sampleCommand,
  sampleDecider,
  sampleHandler,
  staff,
  submitted,
  toAppend,
  visited,
  type SampleCommand,
  type SampleState,
} from '../testkit/sample-case.fixture';
import { createCommandEngine } from './engine';

/**
 * These tests are about deciding, caching and concurrency, not business time: the engine's clock
 * stands on the scenario's day (2025-03-04) and any time of that day is within its bound.
 */
const onScenarioDay = { now: () => at(720), maxSkewMs: 24 * 3_600_000 };

const valueOf = <L, R>(result: Either<L, R>): R => {
  if (isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};
const errorOf = <L, R>(result: Either<L, R>): L => {
  if (isRight(result)) throw new Error(`expected an error, got ${JSON.stringify(result.right)}`);
  return result.left;
};

const countAll = async (store: EventStore): Promise<number> => {
  let n = 0;
  for await (const _ of store.readAll()) n++;
  return n;
};

/** Records every readStream call, so tests can see what the engine read. */
const spyingStore = (store: EventStore) => {
  const reads: { streamId: string; options: ReadStreamOptions | undefined }[] = [];
  const spy: EventStore = {
    ...store,
    readStream: (streamId, options) => {
      reads.push({ streamId, options });
      return store.readStream(streamId, options);
    },
  };
  return { store: spy, reads };
};

/** Holds every append until `parties` reads have happened: forces commands to decide from the same version. */
const rendezvousStore = (store: EventStore, parties: number) => {
  let reads = 0;
  let open!: () => void;
  const allRead = new Promise<void>((resolve) => (open = resolve));
  const wrapped: EventStore = {
    ...store,
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      if (++reads >= parties) open();
      return events;
    },
    appendToStream: async (streamId, events, options) => {
      await allRead;
      return store.appendToStream(streamId, events, options);
    },
  };
  return wrapped;
};

/** Another writer slips one event into the stream before each of the engine's appends. */
const interferingStore = (store: EventStore) => {
  let interfered = 0;
  const wrapped: EventStore = {
    ...store,
    appendToStream: async (streamId, events, options) => {
      interfered++;
      await store.appendToStream(streamId, [toAppend(visited('c1'), at(0), { commandId: `other-${interfered}` })]);
      return store.appendToStream(streamId, events, options);
    },
  };
  return { store: wrapped, interferences: () => interfered };
};

const submittedCase = async (store: EventStore, caseId = 'c1') => {
  await store.appendToStream(`case-${caseId}`, [toAppend(submitted(caseId), at(0), { commandId: `submit-${caseId}` })]);
};

describe('command engine: deciding and appending', () => {
  it('given a new case, when Submit is handled, then the event is appended with the command metadata', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const command = sampleCommand('Submit', { caseId: 'c1' }, { commandId: 'cmd-submit', at: at(3) });

    const handled = valueOf(await engine.handle(sampleHandler, command));

    expect(handled.alreadyDone).toBe(false);
    expect(handled.nextExpectedVersion).toBe(0);
    expect(handled.state).toMatchObject({ status: 'submitted', caseId: 'c1' });
    expect(handled.events).toHaveLength(1);
    expect(handled.events[0]).toMatchObject({
      type: 'ApplicationSubmitted',
      data: submitted('c1').data,
      streamId: 'case-c1',
      streamPosition: 0,
      occurredAt: at(3),
      actor: staff,
      commandId: 'cmd-submit',
      correlationId: 'cmd-submit',
      causationId: 'cmd-submit',
    });
    expect(await store.readStream('case-c1')).toEqual(handled.events);
  });

  it('given a command with correlation and causation ids, when handled, then the events carry them', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const command = sampleCommand('Submit', { caseId: 'c1' }, { correlationId: 'flow-7', causationId: 'event-6' });
    const [event] = valueOf(await engine.handle(sampleHandler, command)).events;
    expect(event).toMatchObject({ correlationId: 'flow-7', causationId: 'event-6', commandId: command.metadata.commandId });
  });

  it('given a command without a business time, when handled, then the engine clock gives occurredAt', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ store, now: () => '2025-05-06T10:00:00+08:00' });
    const command = sampleCommand('Submit', { caseId: 'c1' });
    delete (command.metadata as { at?: string }).at;
    const [event] = valueOf(await engine.handle(sampleHandler, command)).events;
    expect(event?.occurredAt).toBe('2025-05-06T10:00:00+08:00');
  });

  it('given a submitted case, when Accept then Visit are handled, then positions follow and the state folds both', async () => {
    const store = createInMemoryEventStore();
    await submittedCase(store);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' })));
    const handled = valueOf(await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' })));
    expect(handled.nextExpectedVersion).toBe(2);
    expect(handled.events.map((e) => e.streamPosition)).toEqual([2]);
    expect(handled.state).toMatchObject({ status: 'accepted', visits: 1 });
  });

  it('given a rejected case, when Accept is handled, then the decider error comes back and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    await submittedCase(store);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Reject', { caseId: 'c1', reason: '材料虚假' })));

    const error = errorOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' })));

    expect(error).toMatchObject({ kind: 'illegalTransition', rule: 'acceptOnlySubmitted', caseId: 'c1', state: 'rejected' });
    expect(await store.readStream('case-c1')).toHaveLength(2);
  });

  it('given an accepted case, when Accept decides no events, then nothing is appended and the state is returned', async () => {
    const store = createInMemoryEventStore();
    await submittedCase(store);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' })));
    const handled = valueOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' })));
    expect(handled).toMatchObject({ events: [], alreadyDone: false, nextExpectedVersion: 1, state: { status: 'accepted' } });
    expect(await countAll(store)).toBe(2);
  });

  it('given a decision with data the catalogue refuses, when handled, then the store error names the field and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    await submittedCase(store);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const error = errorOf(await engine.handle(sampleHandler, sampleCommand('Reject', { caseId: 'c1', reason: ' ' })));
    expect(error).toMatchObject({ kind: 'invalidEvent', field: 'data.reason' });
    expect(await store.readStream('case-c1')).toHaveLength(1);
  });

  it('given a command dated before the last event of its stream, when handled, then the engine refuses it before the store would', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('case-c1', [toAppend(submitted('c1'), at(60))]);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const error = errorOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' }, { at: at(30) })));
    expect(error).toMatchObject({ kind: 'businessTime', rule: 'businessTime.notBeforePreviousEvent', command: 'Accept', field: 'metadata.at', previousAt: at(60) });
  });
});

describe('command engine: business time is bounded by its clock', () => {
  const clockAt = (minutes: number) => ({ now: () => at(minutes) });

  it('given the default skew, when a command is dated 4 minutes behind or ahead of the clock, then it is recorded with recordedAt from the clock', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ store, ...clockAt(100) });
    const [submittedEvent] = valueOf(await engine.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' }, { at: at(96) }))).events;
    expect(submittedEvent).toMatchObject({ occurredAt: at(96), recordedAt: at(100) });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' }, { at: at(104) })));
  });

  it('given the default skew of 5 minutes, when a command is dated 6 minutes behind the clock, then businessTime.notBehind names the command and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    const command = sampleCommand('Submit', { caseId: 'c1' }, { at: at(94) });
    const error = errorOf(await createCommandEngine({ store, ...clockAt(100) }).handle(sampleHandler, command));
    expect(error).toMatchObject({
      kind: 'businessTime', rule: 'businessTime.notBehind', command: 'Submit', commandId: command.metadata.commandId,
      streamId: 'case-c1', field: 'metadata.at', declared: at(94), now: at(100), maxSkewMs: 300_000,
    });
    expect(await countAll(store)).toBe(0);
  });

  it('given a command dated years ahead (2099), when handled, then businessTime.notAhead and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    const error = errorOf(await createCommandEngine({ store, ...clockAt(0) }).handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' }, { at: '2099-03-04T09:00:00+08:00' })));
    expect(error).toMatchObject({ kind: 'businessTime', rule: 'businessTime.notAhead', declared: '2099-03-04T09:00:00+08:00' });
    expect(await countAll(store)).toBe(0);
  });

  it('given a configured skew of 1 minute, when a command is 2 minutes behind, then it is refused', async () => {
    const engine = createCommandEngine({ store: createInMemoryEventStore(), ...clockAt(100), maxSkewMs: 60_000 });
    expect(errorOf(await engine.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' }, { at: at(98) })))).toMatchObject({ rule: 'businessTime.notBehind', maxSkewMs: 60_000 });
  });

  it('given a handler that declares a data time, when that time is an hour behind, then it is refused naming the field', async () => {
    const handler = { ...sampleHandler, declaredTimes: () => ({ lateEntry: false, times: [{ field: 'data.requestedAt', at: at(40) }] }) };
    const error = errorOf(await createCommandEngine({ store: createInMemoryEventStore(), ...clockAt(100) }).handle(handler, sampleCommand('Submit', { caseId: 'c1' }, { at: at(100) })));
    expect(error).toMatchObject({ rule: 'businessTime.notBehind', field: 'data.requestedAt', declared: at(40) });
  });

  it('given a late entry, when dated an hour behind, then it is recorded at the declared time with recordedAt from the clock; never ahead of the clock', async () => {
    const handler = { ...sampleHandler, declaredTimes: () => ({ lateEntry: true, times: [] }) };
    const engine = createCommandEngine({ store: createInMemoryEventStore(), ...clockAt(100) });
    const [event] = valueOf(await engine.handle(handler, sampleCommand('Submit', { caseId: 'c1' }, { at: at(40) }))).events;
    expect(event).toMatchObject({ occurredAt: at(40), recordedAt: at(100) });
    expect(errorOf(await engine.handle(handler, sampleCommand('Submit', { caseId: 'c2' }, { at: at(110) })))).toMatchObject({ rule: 'businessTime.notAhead' });
  });

  it('given a command already done, when it is repeated later with its old time, then the earlier events are returned, not a refusal', async () => {
    const store = createInMemoryEventStore();
    const command = sampleCommand('Submit', { caseId: 'c1' }, { at: at(100) });
    valueOf(await createCommandEngine({ store, ...clockAt(100) }).handle(sampleHandler, command));
    expect(valueOf(await createCommandEngine({ store, ...clockAt(200) }).handle(sampleHandler, command)).alreadyDone).toBe(true);
  });

  it('given a negative skew, when the engine is created, then it throws', () => {
    expect(() => createCommandEngine({ store: createInMemoryEventStore(), maxSkewMs: -1 })).toThrow(RangeError);
  });
});

describe('command engine: decoding at the boundary', () => {
  it('given unknown input of the right shape, when handled by a decoding handler, then it is decided', async () => {
    const engine = createCommandEngine({ ...onScenarioDay, store: createInMemoryEventStore() });
    const input: unknown = JSON.parse(JSON.stringify(sampleCommand('Submit', { caseId: 'c1' })));
    const handled = valueOf(await engine.handle(decodingSampleHandler, input));
    expect(handled.events.map((e) => e.type)).toEqual(['ApplicationSubmitted']);
  });

  it('given input with an unknown field, when handled by a decoding handler, then a decode error names it and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const command = sampleCommand('Submit', { caseId: 'c1' });
    const input: unknown = { ...command, data: { caseId: 'c1', colour: 'red' } };
    const error = errorOf(await engine.handle(decodingSampleHandler, input));
    expect(error).toMatchObject({ kind: 'decode', field: 'command.data.colour' });
    expect(await countAll(store)).toBe(0);
  });

  it('given input naming no known command, when handled by a decoding handler, then the decode error names the type', async () => {
    const engine = createCommandEngine({ ...onScenarioDay, store: createInMemoryEventStore() });
    const error = errorOf(await engine.handle(decodingSampleHandler, { type: 'Teleport', data: {} }));
    expect(error).toMatchObject({ kind: 'decode', field: 'command.type' });
  });
});

describe('command engine: idempotency', () => {
  it('given a handled command, when the same commandId comes again, then the original events return and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    await submittedCase(store);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const command = sampleCommand('Visit', { caseId: 'c1' });
    const first = valueOf(await engine.handle(sampleHandler, command));

    const again = valueOf(await engine.handle(sampleHandler, { ...command, metadata: { ...command.metadata, at: at(500) } }));

    expect(again.alreadyDone).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.nextExpectedVersion).toBe(1);
    expect(again.state).toMatchObject({ visits: 1 });
    expect(await countAll(store)).toBe(2);
  });

  it('given a command handled by another engine, when repeated on a fresh engine, then the stream itself shows it done', async () => {
    const store = createInMemoryEventStore();
    const command = sampleCommand('Submit', { caseId: 'c1' });
    const first = valueOf(await createCommandEngine({ ...onScenarioDay, store }).handle(sampleHandler, command));
    const again = valueOf(await createCommandEngine({ ...onScenarioDay, store, cacheSize: 0 }).handle(sampleHandler, command));
    expect(again).toMatchObject({ alreadyDone: true, events: first.events });
    expect(await countAll(store)).toBe(1);
  });

  it('given a repeated command that would now be illegal, when handled again, then it is still reported done, not refused', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const submit = sampleCommand('Submit', { caseId: 'c1' });
    valueOf(await engine.handle(sampleHandler, submit));
    const again = await engine.handle(sampleHandler, submit);
    expect(valueOf(again).alreadyDone).toBe(true);
  });
});

describe('command engine: optimistic concurrency', () => {
  it('given two engines deciding from the same version, when both append, then one wins and the other retries on the fresh state', async () => {
    const base = createInMemoryEventStore();
    await submittedCase(base);
    const store = rendezvousStore(base, 2);
    const [one, two] = [createCommandEngine({ ...onScenarioDay, store }), createCommandEngine({ ...onScenarioDay, store })];
    const [visitA, visitB] = [sampleCommand('Visit', { caseId: 'c1' }), sampleCommand('Visit', { caseId: 'c1' })];

    const [a, b] = await Promise.all([one.handle(sampleHandler, visitA), two.handle(sampleHandler, visitB)]);

    const positions = [valueOf(a), valueOf(b)].map((h) => h.events[0]?.streamPosition).sort();
    expect(positions).toEqual([1, 2]);
    const stream = await base.readStream('case-c1');
    expect(stream).toHaveLength(3);
    expect(stream[0]?.commandId).toBe('submit-c1');
    expect(stream.slice(1).map((e) => e.commandId).sort()).toEqual([visitA, visitB].map((c) => c.metadata.commandId).sort());
    expect(Math.max(valueOf(a).state.visits, valueOf(b).state.visits)).toBe(2);
  });

  it('given Accept and Reject decided from the same submitted state, when raced, then the loser is re-decided on the fresh state and refused', async () => {
    const base = createInMemoryEventStore();
    await submittedCase(base);
    const engine = createCommandEngine({ ...onScenarioDay, store: rendezvousStore(base, 2) });

    const [accept, reject] = await Promise.all([
      engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' })),
      engine.handle(sampleHandler, sampleCommand('Reject', { caseId: 'c1', reason: '材料不全' })),
    ]);

    const outcomes = [accept, reject];
    const winners = outcomes.filter(isRight);
    const losers = outcomes.filter(isLeft);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.left).toMatchObject({ kind: 'illegalTransition', state: winners[0]?.right.state.status });
    const stream = await base.readStream('case-c1');
    expect(stream).toHaveLength(2);
    expect(stream[1]).toEqual(winners[0]?.right.events[0]);
  });

  it('given a stream that changes before every append, when retries run out, then a typed concurrency error comes back and nothing of the command is stored', async () => {
    const base = createInMemoryEventStore();
    await submittedCase(base);
    const { store, interferences } = interferingStore(base);
    const engine = createCommandEngine({ ...onScenarioDay, store, maxRetries: 2 });
    const command = sampleCommand('Visit', { caseId: 'c1' });

    const error = errorOf(await engine.handle(sampleHandler, command));

    expect(error).toMatchObject({ kind: 'concurrency', streamId: 'case-c1', attempts: 3 });
    expect(interferences()).toBe(3);
    const stream = await base.readStream('case-c1');
    expect(stream.map((e) => e.commandId)).toEqual(['submit-c1', 'other-1', 'other-2', 'other-3']);
    expect(stream.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3]);
  });

  it('given maxRetries 0 and two racing commands, then exactly one is stored and the other fails with the concurrency error', async () => {
    const base = createInMemoryEventStore();
    await submittedCase(base);
    const store = rendezvousStore(base, 2);
    const [one, two] = [createCommandEngine({ ...onScenarioDay, store, maxRetries: 0 }), createCommandEngine({ ...onScenarioDay, store, maxRetries: 0 })];
    const results = await Promise.all([
      one.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' })),
      two.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' })),
    ]);
    expect(results.filter(isRight)).toHaveLength(1);
    expect(results.filter(isLeft).map((r) => r.left)).toEqual([expect.objectContaining({ kind: 'concurrency', attempts: 1, expected: 0, actual: 1 })]);
    expect(await base.readStream('case-c1')).toHaveLength(2);
  });
});

describe('command engine: stream cache', () => {
  it('given a new stream and then its cached snapshot, when the commands come, then they are decided without reading', async () => {
    const { store, reads } = spyingStore(createInMemoryEventStore());
    const engine = createCommandEngine({ ...onScenarioDay, store });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' })));
    valueOf(await engine.handle(sampleHandler, sampleCommand('Accept', { caseId: 'c1' })));
    valueOf(await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' })));
    expect(reads).toEqual([]);
    expect((await store.readStream('case-c1')).map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'VisitRecorded']);
  });

  it('given a stale cache that would refuse, when the command comes, then it is decided again on the stored state', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ ...onScenarioDay, store });
    const other = createCommandEngine({ ...onScenarioDay, store });
    const refused = await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' }, { commandId: 'early-visit' }));
    expect(isLeft(refused) && refused.left).toMatchObject({ rule: 'visitAfterSubmit' });
    valueOf(await other.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' })));
    const handled = valueOf(await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' }, { commandId: 'later-visit' })));
    expect(handled.events.map((e) => e.streamPosition)).toEqual([1]);
    expect(handled.state.visits).toBe(1);
  });

  it('given another writer appended behind the cache, when the next command comes, then the engine folds that event in first', async () => {
    const store = createInMemoryEventStore();
    const engine = createCommandEngine({ ...onScenarioDay, store });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' })));
    await store.appendToStream('case-c1', [toAppend(visited('c1'), at(1000))], { expectedVersion: 0 });
    const handled = valueOf(await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' }, { at: at(1001) })));
    expect(handled.events[0]?.streamPosition).toBe(2);
    expect(handled.state.visits).toBe(2);
  });

  it('given a cache of one stream, when two streams alternate, then the evicted one is read from its start again', async () => {
    const { store, reads } = spyingStore(createInMemoryEventStore());
    const engine = createCommandEngine({ ...onScenarioDay, store, cacheSize: 1 });
    for (const caseId of ['c1', 'c2']) valueOf(await engine.handle(sampleHandler, sampleCommand('Submit', { caseId })));
    valueOf(await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' })));
    valueOf(await engine.handle(sampleHandler, sampleCommand('Visit', { caseId: 'c1' })));
    // The Submits create their streams (decided on the initial state, nothing read); c1 was evicted by c2.
    expect(reads.map((r) => [r.streamId, r.options?.from])).toEqual([['case-c1', 0]]);
  });

  it('given a stream the cache does not know, when a command that creates streams comes, then it is decided on the initial state and appended as noStream; when the stream exists, it is decided again on the stored state', async () => {
    const base = createInMemoryEventStore();
    await submittedCase(base);
    const { store, reads } = spyingStore(base);
    const appends: unknown[] = [];
    const watched: EventStore = {
      ...store,
      appendToStream: (streamId, events, options) => {
        appends.push([streamId, options?.expectedVersion]);
        return store.appendToStream(streamId, events, options);
      },
    };
    const engine = createCommandEngine({ ...onScenarioDay, store: watched });
    valueOf(await engine.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c2' })));
    expect(reads).toEqual([]);
    expect(appends).toEqual([['case-c2', 'noStream']]);
    // c1 exists: the guess is refused by the append's expected version, the command is decided on the stored case.
    const again = await engine.handle(sampleHandler, sampleCommand('Submit', { caseId: 'c1' }, { commandId: 'submit-c1-again' }));
    expect(isLeft(again) && again.left).toMatchObject({ kind: 'illegalTransition' });
    expect(reads.map((r) => r.streamId)).toEqual(['case-c1']);
    expect(await base.readStream('case-c1')).toHaveLength(1);
  });

  it('given a stream, when loaded for a read API, then its state and version come back; an unknown stream is the initial state', async () => {
    const store = createInMemoryEventStore();
    await submittedCase(store);
    const engine = createCommandEngine({ ...onScenarioDay, store });
    expect(await engine.load(sampleHandler, 'case-c1')).toMatchObject({ version: 0, state: { status: 'submitted' } });
    expect(await engine.load(sampleDecider, 'case-none')).toEqual({ version: -1, state: sampleDecider.initialState() });
  });
});

describe('command engine: replay is deterministic', () => {
  const commandArb: fc.Arbitrary<{ type: SampleCommand['type']; minutes: number }> = fc.record({
    type: fc.constantFrom('Submit', 'Accept', 'Reject', 'Visit'),
    minutes: fc.integer({ min: 0, max: 30 }),
  });

  it('given any sequence of commands, when the stored events are folded twice, then the states are deep-equal and match the engine', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { maxLength: 25 }), async (steps) => {
        const store = createInMemoryEventStore();
        const engine = createCommandEngine({ ...onScenarioDay, store });
        let minute = 0;
        let last: SampleState = sampleDecider.initialState();
        for (const [i, step] of steps.entries()) {
          minute += step.minutes;
          const data = step.type === 'Reject' ? { caseId: 'c1', reason: '不符合条件' } : { caseId: 'c1' };
          const result = await engine.handle(sampleHandler, sampleCommand(step.type, data as never, { commandId: `p-${i}`, at: at(minute) }));
          if (isRight(result)) last = result.right.state;
        }
        const events = (await store.readStream('case-c1')) as StoredEvent<never>[];
        const fold = () => events.reduce((s, e) => sampleDecider.evolve(s, e), sampleDecider.initialState());
        const [first, second] = [fold(), fold()];
        expect(second).toEqual(first);
        expect(first).toEqual(last);
        expect((await createCommandEngine({ ...onScenarioDay, store, cacheSize: 0 }).load(sampleDecider, 'case-c1')).state).toEqual(first);
      }),
      { numRuns: 60 },
    );
  });
});
