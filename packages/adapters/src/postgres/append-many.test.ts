import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, expectLogIntact } from '../contract/helpers';
import { consultation, consultations, instantAt } from '../contract/fixtures';
import type { StoreUnderTest } from '../contract/types';
import { createPostgresEventStore, type PostgresEventStore } from './store';
import { makeTempPostgresStore, PG_URL } from './test-support';

let current: StoreUnderTest<PostgresEventStore>;
const store = () => current.store;

beforeEach(async () => {
  // One append in flight at a time: concurrent appends are sure to share groups.
  current = await makeTempPostgresStore('many', { writeConcurrency: 1 });
});
afterEach(() => current.cleanup());

const isConcurrency = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === 'rejected' && (outcome.reason as { kind?: string }).kind === 'concurrency';

describe('multi-stream appends and group commit (postgres)', () => {
  it('given items over several streams, one named twice, when appended many, then all are stored in item order, the repeated stream continuing itself', async () => {
    const results = await store().appendMany([
      { streamId: 'consultation-a', events: consultations(0, 2), expectedVersion: 'noStream' },
      { streamId: 'consultation-b', events: [consultation(10)] },
      { streamId: 'consultation-a', events: [consultation(2)], expectedVersion: 1 },
    ]);
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([1, 0, 2]);
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(results.map((r) => r.lastGlobalPosition)).toEqual(results.map((r) => r.events.at(-1)!.globalPosition));
    const all = await expectLogIntact(store(), 'sha256');
    expect(all.map((e) => `${e.streamId}@${e.streamPosition}`)).toEqual(['consultation-a@0', 'consultation-a@1', 'consultation-b@0', 'consultation-a@2']);
  });

  it('given one item whose expected version is wrong, when appended many, then ConcurrencyError names it and no item is stored', async () => {
    await store().appendToStream('consultation-b', [consultation(10)]);
    const refused = store().appendMany([
      { streamId: 'consultation-a', events: [consultation(0)] },
      { streamId: 'consultation-b', events: [consultation(11)], expectedVersion: 'noStream' },
    ]);
    await expect(refused).rejects.toMatchObject({ kind: 'concurrency', streamId: 'consultation-b', actual: 0 });
    expect(await store().readStream('consultation-a')).toEqual([]);
    expect((await collect(store().readAll())).length).toBe(1);
  });

  it('given many appends at once, some with stale expected versions, when they share groups, then each fails or succeeds on its own', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, s) => store().appendToStream(`consultation-${s}`, [consultation(s)])));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, s) =>
        store().appendToStream(`consultation-${s}`, [consultation(100 + s, { occurredAt: instantAt(200) })], { expectedVersion: s % 3 === 0 ? 'noStream' : 0 }),
      ),
    );
    outcomes.forEach((outcome, s) => {
      if (s % 3 === 0) expect(isConcurrency(outcome)).toBe(true);
      else expect(outcome.status).toBe('fulfilled');
    });
    for (let s = 0; s < 10; s++) expect((await store().readStream(`consultation-${s}`)).length).toBe(s % 3 === 0 ? 1 : 2);
    await expectLogIntact(store(), 'sha256');
  });

  it('given a stream another process moved, when this process appends on its stale knowledge, then it reseals on the new head and succeeds', async () => {
    await store().appendToStream('consultation-a', [consultation(0)]);
    const elsewhere = await createPostgresEventStore({ connectionString: PG_URL, schema: store().schema });
    await elsewhere.appendToStream('consultation-a', [consultation(1)], { expectedVersion: 0 });
    await elsewhere.close();

    const result = await store().appendToStream('consultation-a', [consultation(2)], { expectedVersion: 'any' });
    expect(result.nextExpectedVersion).toBe(2);
    await expect(store().appendToStream('consultation-a', [consultation(3)], { expectedVersion: 1 })).rejects.toMatchObject({ kind: 'concurrency', actual: 2 });
    await expectLogIntact(store(), 'sha256');
  });
});
