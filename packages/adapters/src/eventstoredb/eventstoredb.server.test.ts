import { describe } from 'vitest';
import { describeEventStoreContract } from '../contract/index';
import { makeRealServerStore, REAL_ESDB_URL } from './test-support';

/**
 * The contract against a real EventStoreDB, when `BANJIAN_ESDB_URL` names one. Without it vitest
 * reports these tests as skipped, never as passed; the stand-in run (eventstoredb.contract.test.ts)
 * is complete on its own. Each test writes under a stream prefix of its own.
 */
describe.runIf(REAL_ESDB_URL !== undefined)('real EventStoreDB server (BANJIAN_ESDB_URL)', () => {
  describeEventStoreContract('eventstoredb (real server)', () => makeRealServerStore(), { eventIdsUnique: false, largeStreamSize: 2000 });
});
