import { createLease, leaseHolders } from '@banjian/projections';
import { afterEach, describe, expect, it } from 'vitest';
import { readModelHomes, type ReadModelHome } from './read-model.fixture';

let home: ReadModelHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

describe.each(['sqlite', 'postgres'] as const)('read-model leases in %s', (kind) => {
  it('given a lease held by one worker, when another asks, then it is refused until the lease lapses, then it takes it; a release frees it at once', async () => {
    home = await readModelHomes[kind]();
    const a = createLease(home.db, 'caseIndex@1', 'a', 60_000);
    const b = createLease(home.reopen(), 'caseIndex@1', 'b', 60_000);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true);
    expect((await leaseHolders(home.db)).map((l) => l.holder)).toEqual(['a']);

    // a stops renewing with a lease that lasts 1 ms: b gets it as soon as it has lapsed.
    const shortA = createLease(home.db, 'caseIndex@2', 'a', 1);
    const patientB = createLease(home.reopen(), 'caseIndex@2', 'b', 60_000);
    expect(await shortA.acquire()).toBe(true);
    await expect.poll(() => patientB.acquire(), { timeout: 5_000, interval: 10 }).toBe(true);
    expect(await shortA.acquire()).toBe(false);

    await a.release();
    expect(await b.acquire()).toBe(true);
    expect((await leaseHolders(home.db)).map((l) => `${l.name}:${l.holder}`)).toEqual(['caseIndex@1:b', 'caseIndex@2:b']);
  });
});
