import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { createCommandEngine } from '../engine/engine';
import type { EventStore } from '../store/port';
import { createInMemoryEventStore } from '../store/memory';
import { actors, command, HALL, hallDirectory } from '../org/hall.fixture';
import { createCommandHandlers } from './handlers';
import type { AnyCommand } from './routing';

const FRIDAY = '2025-09-26T10:00:00+08:00';
/** The engine runs on the scenario's simulated time: its clock stands at the consultations. */
const onFriday = () => FRIDAY;
const record = (consultationId: string) => command('RecordConsultation', { consultationId, hallId: HALL, topic: '开办企业' }, actors.general, FRIDAY) as AnyCommand;

/** The store, noting the expected version of every append. */
const noting = (store: EventStore) => {
  const expected: unknown[] = [];
  const wrapped: EventStore = Object.create(store, {
    appendToStream: {
      value: (streamId: string, events: never, options?: { expectedVersion?: unknown }) => {
        expected.push(options?.expectedVersion);
        return store.appendToStream(streamId, events, options as never);
      },
    },
  });
  return { store: wrapped, expected };
};

describe('consultations 咨询 through the engine: one stream a consultation', () => {
  it('given two consultations of one hall, when recorded, then each is position 0 of its own stream, appended with noStream', async () => {
    const { store, expected } = noting(createInMemoryEventStore());
    const engine = createCommandEngine({ store, now: onFriday });
    const handlerOf = createCommandHandlers({ directory: hallDirectory() });
    for (const id of ['q1', 'q2']) expect(isRight(await engine.handle(handlerOf(record(id)), record(id)))).toBe(true);
    const events = [];
    for await (const e of store.readAll()) events.push(e);
    expect(events.map((e) => `${e.streamId}@${e.streamPosition}`)).toEqual(['consultation-q1@0', 'consultation-q2@0']);
    expect(expected).toEqual(['noStream', 'noStream']);
  });

  it('given a recorded consultation, when another process records the same id under a new command, then conflict consultation.id.unique and nothing is appended', async () => {
    const store = createInMemoryEventStore();
    const handlerOf = createCommandHandlers({ directory: hallDirectory() });
    await createCommandEngine({ store, now: onFriday }).handle(handlerOf(record('q1')), record('q1'));
    const again = await createCommandEngine({ store, now: onFriday }).handle(handlerOf(record('q1')), record('q1'));
    expect(isLeft(again) && again.left).toMatchObject({ kind: 'conflict', rule: 'consultation.id.unique', streamId: 'consultation-q1' });
    expect(await store.readStream('consultation-q1')).toHaveLength(1);
  });
});
