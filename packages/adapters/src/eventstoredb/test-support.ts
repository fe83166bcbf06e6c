import { randomBytes } from 'node:crypto';
import type { StoreUnderTest } from '../contract/types';
import { startEventStoreDbStandIn, type EventStoreDbStandIn, type EventStoreDbStandInOptions } from './standin/index';
import { createEventStoreDbEventStore, type EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './store';

type StoreOptions = Omit<EventStoreDbEventStoreOptions, 'connectionString' | 'client'>;

/** A fresh stand-in server with a store on it; `cleanup` closes the store and stops the server. */
export const makeStandInStore = async (
  options: StoreOptions = {},
  standInOptions: EventStoreDbStandInOptions = {},
): Promise<StoreUnderTest<EventStoreDbEventStore> & { standIn: EventStoreDbStandIn }> => {
  const standIn = await startEventStoreDbStandIn(standInOptions);
  const store = await createEventStoreDbEventStore({ connectionString: standIn.connectionString, ...options });
  return {
    store,
    standIn,
    cleanup: async () => {
      await store.close();
      await standIn.stop();
    },
  };
};

/** A real server, when `BANJIAN_ESDB_URL` names one (e.g. `esdb://127.0.0.1:2113?tls=false`). */
export const REAL_ESDB_URL = process.env.BANJIAN_ESDB_URL;

/** A store on the real server under a prefix no other test or run uses: a store of its own on a shared server. */
export const makeRealServerStore = async (options: StoreOptions = {}): Promise<StoreUnderTest<EventStoreDbEventStore>> => {
  const store = await createEventStoreDbEventStore({
    connectionString: REAL_ESDB_URL as string,
    streamPrefix: `bjt${process.pid}${randomBytes(4).toString('hex')}`,
    ...options,
  });
  // Append-only: the test's streams stay on the server; its prefix keeps them out of every other test.
  return { store, cleanup: () => store.close() };
};
