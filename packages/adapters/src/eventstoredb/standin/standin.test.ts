import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from './server';

/** The stand-in spoken to by the official client, with nothing of the adapter in between. */

let standIn: EventStoreDbStandIn | undefined;
let client: EventStoreDBClient | undefined;
const connect = async (options: Parameters<typeof startEventStoreDbStandIn>[0] = {}) => {
  standIn = await startEventStoreDbStandIn(options);
  client = EventStoreDBClient.connectionString(standIn.connectionString);
  return { standIn, client };
};
afterEach(async () => {
  await client?.dispose();
  await standIn?.stop();
  client = undefined;
  standIn = undefined;
});

const drain = async (read: AsyncIterable<ResolvedEvent>) => {
  const out: ResolvedEvent[] = [];
  for await (const e of read) out.push(e);
  return out;
};
const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};
const event = (n: number, id?: string) => jsonEvent({ type: 'Numbered', data: { n }, ...(id ? { id } : {}) });

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('EventStoreDB stand-in: appends over %s', (_name, batchAppend) => {
  it('given revisions, when appended, then current revisions and increasing, non-dense positions come back', async () => {
    const { client } = await connect({ batchAppend });
    const first = await client.appendToStream('s-1', [event(0), event(1)], { expectedRevision: NO_STREAM });
    const second = await client.appendToStream('s-1', event(2), { expectedRevision: 1n });
    expect(first.nextExpectedRevision).toBe(1n);
    expect(second.nextExpectedRevision).toBe(2n);
    expect(first.position!.commit).toBe(first.position!.prepare);
    expect(second.position!.commit - first.position!.commit).toBeGreaterThan(1n);
  });

  it.each([
    ['an exact revision that is stale', 0n, 1n],
    ['no stream on an existing stream', NO_STREAM, 1n],
  ] as const)('given %s, when appended, then WrongExpectedVersionError carries expected and current', async (_case, expectedRevision, current) => {
    const { client } = await connect({ batchAppend });
    await client.appendToStream('s-1', [event(0), event(1)]);
    const error = await refusal(client.appendToStream('s-1', event(2), { expectedRevision }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: 's-1', expectedVersion: expectedRevision, actualVersion: current });
  });

  it('given no stream, when appended with stream exists or an exact revision, then the current revision is no_stream', async () => {
    const { client } = await connect({ batchAppend });
    expect(await refusal(client.appendToStream('s-2', event(0), { expectedRevision: STREAM_EXISTS }))).toMatchObject({
      expectedVersion: STREAM_EXISTS,
      actualVersion: NO_STREAM,
    });
    expect(await refusal(client.appendToStream('s-2', event(0), { expectedRevision: 3n }))).toMatchObject({ actualVersion: NO_STREAM });
  });

  it('given a batch repeated with the same ids after the revision it expected, then it is acknowledged and stored once', async () => {
    const { client, standIn } = await connect({ batchAppend });
    const ids = ['0190f5b4-0000-7000-8000-000000000001', '0190f5b4-0000-7000-8000-000000000002'];
    const first = await client.appendToStream('s-3', [event(0, ids[0]), event(1, ids[1])], { expectedRevision: NO_STREAM });
    const again = await client.appendToStream('s-3', [event(0, ids[0]), event(1, ids[1])], { expectedRevision: NO_STREAM });
    expect(again).toEqual(first);
    expect(standIn.log.readStream('s-3', 'start', 'forwards', 10)).toHaveLength(2);
  });
});

describe('EventStoreDB stand-in: reads', () => {
  it('given no stream, when read, then StreamNotFoundError as the server reports it', async () => {
    const { client } = await connect();
    await expect(drain(client.readStream('nowhere-1'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('given a stream, when read forwards from a revision and backwards from the end, then revisions come in that order', async () => {
    const { client } = await connect();
    await client.appendToStream('s-1', [0, 1, 2, 3].map((n) => event(n)));
    expect((await drain(client.readStream('s-1', { fromRevision: 1n, maxCount: 2 }))).map((e) => e.event!.revision)).toEqual([1n, 2n]);
    expect((await drain(client.readStream('s-1', { direction: BACKWARDS, fromRevision: END, maxCount: 3 }))).map((e) => e.event!.revision)).toEqual([3n, 2n, 1n]);
  });

  it('given $all, when read forwards from a position it includes that event; backwards from a position it excludes it', async () => {
    const { client } = await connect();
    await client.appendToStream('s-1', [0, 1, 2].map((n) => event(n)));
    const all = await drain(client.readAll());
    expect(all[0]!.event!.streamId).toBe('$settings');
    const middle = all.find((e) => e.event!.streamId === 's-1' && e.event!.revision === 1n)!.event!.position!;
    expect((await drain(client.readAll({ fromPosition: middle, maxCount: 1 })))[0]!.event!.revision).toBe(1n);
    expect((await drain(client.readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 1 })))[0]!.event!.revision).toBe(0n);
    expect((await drain(client.readAll({ fromPosition: START, direction: BACKWARDS }))).length).toBe(0);
  });
});

describe('EventStoreDB stand-in: $all subscriptions', () => {
  const collectUntilCaughtUp = (subscription: ReturnType<EventStoreDBClient['subscribeToAll']>) =>
    new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      subscription.on('data', (e: ResolvedEvent) => seen.push(`${e.event!.streamId}@${e.event!.revision}`));
      subscription.on('caughtUp', () => resolve([...seen]));
      subscription.on('error', reject);
    });

  it('given a stream-name filter and a position, when subscribed, then it catches up after the position (exclusive), says caughtUp, then goes live', async () => {
    const { client, standIn } = await connect();
    const [, second] = [
      await client.appendToStream('banjianCase-1', event(0)),
      await client.appendToStream('banjianCase-1', event(1)),
    ];
    await client.appendToStream('banjianCase-1', event(2));
    standIn.appendJson('$stats-x', '$statsCollected', {});
    const subscription = client.subscribeToAll({ fromPosition: second.position!, filter: streamNameFilter({ regex: '^banjian[A-Z]' }) });
    expect(await collectUntilCaughtUp(subscription)).toEqual(['banjianCase-1@2']);

    const live: string[] = [];
    subscription.on('data', (e: ResolvedEvent) => live.push(e.event!.streamId));
    standIn.appendJson('$stats-x', '$statsCollected', {});
    standIn.appendJson('orders-1', 'OrderPlaced', {});
    await client.appendToStream('banjianHall-9', event(3));
    // The filtered-out events came first: once the last arrives, nothing else may have.
    await vi.waitFor(() => expect(live).toContain('banjianHall-9'), { timeout: 5_000, interval: 5 });
    expect(live).toEqual(['banjianHall-9']);
    await subscription.unsubscribe();
  });

  it('given an event-type prefix filter from the start, then system event types are left out', async () => {
    const { client, standIn } = await connect();
    await client.appendToStream('s-1', event(0));
    standIn.appendJson('orders-1', 'OrderPlaced', {});
    const subscription = client.subscribeToAll({ fromPosition: START, filter: { filterOn: 'eventType', prefixes: ['Num', 'Order'], checkpointInterval: 1 } });
    expect(await collectUntilCaughtUp(subscription)).toEqual(['s-1@0', 'orders-1@0']);
    await subscription.unsubscribe();
  });
});
