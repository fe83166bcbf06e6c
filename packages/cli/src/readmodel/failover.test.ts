import { createPostgresEventStore, readModelDatabaseOf, type PostgresEventStore } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
import { createHallWorkload, STEPS_PER_CASE, type HallWorkload } from '@banjian/core/testkit';
import { caseIndexModel, createProjectionWorker, partitionCheckpoints, type ProjectionWorker } from '@banjian/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startFailoverCluster, type FailoverCluster } from '../../../adapters/src/postgres/failover-cluster.support';
import { expectedCaseIndexRows, storedCaseIndexRows } from './read-model.fixture';

/**
 * A projection worker across a PostgreSQL failover, on a primary and a synchronous standby of the
 * installed server started for this file (not the shared test server). Without an installed server
 * a developer's run skips it with one line; under CI it fails.
 */
const bin = findPostgresBin();
if (!bin && process.env.CI === 'true') throw new Error('read-model failover test: no PostgreSQL server binaries found, and CI=true');
if (!bin) process.stderr.write('skipped readmodel/failover.test.ts: no PostgreSQL server binaries installed\n');

const cases = async (hall: HallWorkload, prefix: string, count: number) => {
  for (let c = 0; c < count; c++) for (let step = 0; step < STEPS_PER_CASE; step++) await hall.run(hall.command(`${prefix}-${c}`, step));
};

describe.skipIf(!bin)('projection workers across a PostgreSQL failover', () => {
  let cluster: FailoverCluster;
  const closing: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    cluster = await startFailoverCluster();
  }, 60_000);
  afterAll(async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await cluster?.stop();
  });

  const open = async (url: string): Promise<PostgresEventStore> => {
    const store = await createPostgresEventStore({ connectionString: url, schema: 'hall', pollIntervalMs: 50 });
    closing.push(() => store.close());
    return store;
  };

  it('given a worker keeping the case index through the host list, when the primary is killed and the standby promoted, then it rides out the loss, reaches the new primary\'s head and its rows equal the rebuild\'s', async () => {
    const writer = await open(cluster.url);
    const hall = await createHallWorkload(writer);
    const workerStore = await open(cluster.url);
    const db = readModelDatabaseOf(workerStore) as SqlDatabase;
    const lines: string[] = [];
    const worker: ProjectionWorker = createProjectionWorker({
      store: workerStore, db, models: [caseIndexModel(db, { partitions: 2 })], worker: 'w1', leaseMs: 2_000, pollMs: 20, batchSize: 50,
      onLog: (line) => lines.push(line),
    });
    const done = worker.run();
    closing.push(async () => {
      worker.stop();
      await done;
    });
    const caughtUp = async (store: PostgresEventStore) => {
      let head = 0;
      for await (const event of store.readAll()) head = event.globalPosition;
      await expect.poll(async () => (await partitionCheckpoints(db)).map((p) => p.position), { timeout: 30_000, interval: 50 }).toEqual([head, head]);
    };

    await cases(hall, 'before', 15);
    await caughtUp(writer);

    cluster.crash(cluster.primary);
    await cluster.promote(cluster.standby);
    // The writer's appends ride out the failover (the store's retry); the worker's reads and batches fail meanwhile.
    await cases(hall, 'after', 15);
    const promoted = await open(cluster.standby.url);
    await caughtUp(promoted);

    expect(await storedCaseIndexRows(db)).toEqual(await expectedCaseIndexRows(promoted));
    expect((await storedCaseIndexRows(db)).size).toBe(30);
    expect(lines.some((line) => /retrying/.test(line))).toBe(true);
  }, 90_000);
});
