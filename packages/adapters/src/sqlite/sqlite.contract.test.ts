import { describeCheckpointStoreContract, describeEventStoreContract } from '../contract/index';
import { makeTempSqliteStore, sqliteCounterFixture } from './test-support';

describeEventStoreContract('sqlite (WAL, synchronous=FULL)', () => makeTempSqliteStore(), { batchAppend: true, inline: sqliteCounterFixture });

describeEventStoreContract('sqlite (SM3, synchronous=NORMAL)', () => makeTempSqliteStore({ hashAlgorithm: 'sm3', synchronous: 'NORMAL' }), {
  hashAlgorithm: 'sm3',
  largeStreamSize: 1000,
  batchAppend: true,
});

describeCheckpointStoreContract('sqlite', async () => {
  const { store, cleanup } = await makeTempSqliteStore();
  return { checkpoints: store.checkpoints, cleanup };
});
