import { createInMemoryEventStore } from '@banjian/core';
import { describeEventStoreContract } from './describe-contract';

// The in-memory store (core) does not check eventIds against those it holds; its owner is told.
const memoryDeviations = { eventIdsUnique: false };

describeEventStoreContract(
  'in-memory',
  async () => {
    const store = createInMemoryEventStore();
    return { store, cleanup: () => store.close() };
  },
  memoryDeviations,
);

describeEventStoreContract(
  'in-memory (SM3)',
  async () => {
    const store = createInMemoryEventStore({ hashAlgorithm: 'sm3' });
    return { store, cleanup: () => store.close() };
  },
  { ...memoryDeviations, hashAlgorithm: 'sm3', largeStreamSize: 1000 },
);
