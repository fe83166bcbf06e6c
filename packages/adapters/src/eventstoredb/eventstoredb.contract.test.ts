import { describeEventStoreContract } from '../contract/index';
import { makeStandInStore } from './test-support';

// EventStoreDB keeps no index of our eventIds across streams; the adapter does not check them
// store-wide (one stream's repeats are refused, see store.test.ts). STANDIN.md says so.
const esdbDeviations = { eventIdsUnique: false };

describeEventStoreContract('eventstoredb (in-process stand-in, BatchAppend)', () => makeStandInStore(), esdbDeviations);

describeEventStoreContract('eventstoredb (in-process stand-in, Append, SM3)', () => makeStandInStore({ hashAlgorithm: 'sm3' }, { batchAppend: false }), {
  ...esdbDeviations,
  hashAlgorithm: 'sm3',
  largeStreamSize: 1000,
});
