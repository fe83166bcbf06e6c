import type { EventStore } from '@banjian/core';
import { afterEach, beforeEach, describe } from 'vitest';
import { atomicityCases } from './atomicity';
import { batchAppendCases } from './batch-append';
import { concurrencyCases } from './concurrency';
import { engineCases } from './engine';
import { expectedVersionCases } from './expected-version';
import { inlineCases } from './inline';
import { integrityCases } from './integrity';
import { readingCases } from './reading';
import { subscriptionCases } from './subscriptions';
import type { ContractContext, EventStoreContractOptions, MakeStore, StoreUnderTest } from './types';

/**
 * The behaviour every `EventStore` adapter promises (spec §§6–7, architecture.md), as vitest
 * `describe` blocks. Each test gets a fresh store from `makeStore` and disposes of it after.
 *
 * ```ts
 * describeEventStoreContract('postgres', async () => { const store = …; return { store, cleanup: () => store.close() }; });
 * ```
 */
export const describeEventStoreContract = <S extends EventStore>(
  name: string,
  makeStore: MakeStore<S>,
  options: EventStoreContractOptions<S> = {},
): void => {
  describe(`EventStore contract: ${name}`, () => {
    let current: StoreUnderTest<S> | undefined;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    const context: ContractContext<S> = {
      store: () => {
        if (!current) throw new Error('no store: the contract cases run inside beforeEach/afterEach');
        return current.store;
      },
      makeStore,
      options: {
        hashAlgorithm: options.hashAlgorithm ?? 'sha256',
        largeStreamSize: options.largeStreamSize ?? 5000,
        concurrentWriters: options.concurrentWriters ?? 8,
        liveTimeoutMs: options.liveTimeoutMs ?? 5000,
        eventIdsUnique: options.eventIdsUnique ?? true,
        batchAppend: options.batchAppend ?? false,
        inline: options.inline,
      },
    };
    const cases = context as unknown as ContractContext;
    expectedVersionCases(cases);
    readingCases(cases);
    subscriptionCases(cases);
    integrityCases(cases);
    atomicityCases(cases);
    concurrencyCases(cases);
    engineCases(cases);
    if (options.batchAppend) batchAppendCases(cases);
    if (options.inline) inlineCases(cases, options.inline as never);
  });
};
