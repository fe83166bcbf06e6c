import { afterEach, describe, expect, it } from 'vitest';
import { consultation } from '../contract/fixtures';
import { openStore } from '../url/open-store';
import { isEventStoreDbUrl } from './register';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from './standin/index';
import type { EventStoreDbEventStore } from './store';

let standIn: EventStoreDbStandIn | undefined;
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
});

describe('esdb:// store URLs', () => {
  it('given an esdb:// URL, when opened, then it is a working store on that server', async () => {
    standIn = await startEventStoreDbStandIn();
    const store = await openStore(standIn.connectionString);
    const result = await store.appendToStream('consultation-url', [consultation(0)]);
    expect((await store.readStream('consultation-url')).map((e) => e.eventId)).toEqual([result.events[0]!.eventId]);
    expect(standIn.log.readStream('banjianConsultation-url', 'start', 'forwards', 1)).toHaveLength(1);
    await store.close();
  });

  it('given a streamPrefix parameter, when opened, then the store writes under that prefix and the client never sees the parameter', async () => {
    standIn = await startEventStoreDbStandIn();
    const store = (await openStore(`${standIn.connectionString}&streamPrefix=hall7`)) as EventStoreDbEventStore;
    expect(store.streamPrefix).toBe('hall7');
    await store.appendToStream('consultation-url', [consultation(0)]);
    expect(standIn.log.readStream('hall7Consultation-url', 'start', 'forwards', 1)).toHaveLength(1);
    await store.close();
  });

  it.each([
    ['esdb://127.0.0.1:2113?tls=false', true],
    ['esdb+discover://cluster.example:2113', true],
    ['ESDB://host:2113', true],
    ['postgres://x/y', false],
    ['sqlite:./esdb.db', false],
  ])('given %s, then it is an EventStoreDB URL: %s', (url, expected) => {
    expect(isEventStoreDbUrl(url)).toBe(expected);
  });
});
