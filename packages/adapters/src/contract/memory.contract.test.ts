import { createInMemoryEventStore } from '@banjian/core';
import { describeEventStoreContract } from './describe-contract';

describeEventStoreContract('in-memory', async () => {
  const store = createInMemoryEventStore();
  return { store, cleanup: () => store.close() };
}, { batchAppend: true });

describeEventStoreContract(
  'in-memory (SM3)',
  async () => {
    const store = createInMemoryEventStore({ hashAlgorithm: 'sm3' });
    return { store, cleanup: () => store.close() };
  },
  { hashAlgorithm: 'sm3', largeStreamSize: 1000, batchAppend: true },
);
