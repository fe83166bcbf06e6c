import { createInMemoryEventStore, exportEventLog, importEventLog, type EventStore } from '@banjian/core';
import { caseIndexModel, createPartitionRunner, createProjectionWorker, partitionCheckpoints, type ProjectionWorker } from '@banjian/projections';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateHall } from '../simulator';
import { expectedCaseIndexRows, readModelHomes, storedCaseIndexRows, type ReadModelHome } from './read-model.fixture';

/** A simulated year split in two: the log the workers start on, and the lines that arrive later. */
const simulatedYear = async (): Promise<{ log: EventStore; later: string[] }> => {
  const simulated = createInMemoryEventStore();
  await simulateHall(simulated, { casesPerYear: 300, townshipCount: 1, seed: 23 });
  const lines: string[] = [];
  for await (const line of exportEventLog(simulated)) lines.push(line);
  const cut = Math.floor(lines.length * 0.7);
  const log = createInMemoryEventStore();
  expect((await importEventLog(log, lines.slice(0, cut)))._tag).toBe('Right');
  return { log, later: lines.slice(cut) };
};

const headOf = async (log: EventStore): Promise<number> => {
  let head = 0;
  for await (const event of log.readAll()) head = event.globalPosition;
  return head;
};

let home: ReadModelHome | undefined;
const running: { worker: ProjectionWorker; done: Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.worker.stop();
    await r.done;
  }
  await home?.cleanup();
  home = undefined;
});

describe.each(['postgres', 'sqlite'] as const)('projection workers in %s', (kind) => {
  it('given two workers, when they follow a growing log, then they share the partitions, each partition reaches the head, the rows equal the rebuild\'s; when one stops, the other takes all', async () => {
    home = await readModelHomes[kind]();
    const db = home.db;
    const { log, later } = await simulatedYear();
    const start = (name: string) => {
      const own = name === 'a' ? db : home!.reopen();
      const worker = createProjectionWorker({ store: log, db: own, models: [caseIndexModel(own, { partitions: 4 })], worker: name, leaseMs: 1_000, pollMs: 20, batchSize: 300 });
      running.push({ worker, done: worker.run() });
      return worker;
    };
    const a = start('a');
    const b = start('b');
    const partitions = 4;
    await expect.poll(() => [a.held()['caseIndex@1']!.length, b.held()['caseIndex@1']!.length].sort().join(), { timeout: 30_000, interval: 20 }).toBe(`${partitions / 2},${partitions / 2}`);
    expect((await importEventLog(log, later))._tag).toBe('Right');
    const head = await headOf(log);
    await expect.poll(async () => (await partitionCheckpoints(db)).map((p) => p.position), { timeout: 60_000, interval: 50 }).toEqual(Array(partitions).fill(head));
    expect(await storedCaseIndexRows(db)).toEqual(await expectedCaseIndexRows(log));

    const first = running.shift()!;
    first.worker.stop();
    await first.done;
    await expect.poll(() => b.held()['caseIndex@1'], { timeout: 10_000, interval: 20 }).toEqual([0, 1, 2, 3]);
  }, 120_000);

  it('given a database no worker has used yet, when its workers start at once with the default leases, then their partitions are taken within 3 seconds and none logs a failure', async () => {
    home = await readModelHomes[kind]();
    const { log } = await simulatedYear();
    const logged: string[] = [];
    const start = (name: string) => {
      const own = name === 'a' ? home!.db : home!.reopen();
      const worker = createProjectionWorker({ store: log, db: own, models: [caseIndexModel(own, { partitions: 4 })], worker: name, onLog: (line) => logged.push(line) });
      running.push({ worker, done: worker.run() });
      return worker;
    };
    const startedAt = Date.now();
    // Two on PostgreSQL; SQLite's are one process on one file (two connections of one process wait on each other's lock).
    const workers = kind === 'postgres' ? [start('a'), start('b')] : [start('a')];
    await expect.poll(() => workers.reduce((n, w) => n + w.held()['caseIndex@1']!.length, 0), { timeout: 15_000, interval: 20 }).toBe(4);
    // Not after the first renewal of a 10-second lease (3.3 s), which was the first to create the lease table.
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    expect(logged.filter((line) => /retrying|failed/.test(line))).toEqual([]);
  }, 60_000);
});

describe('partition runner', () => {
  it('given two partitions at different checkpoints, when one process takes both on, then the one behind catches up and the one ahead never goes back', async () => {
    home = await readModelHomes.postgres();
    const { log, later } = await simulatedYear();
    expect((await importEventLog(log, later))._tag).toBe('Right');
    const runner = (partitions: number[]) => {
      const r = createPartitionRunner({ store: log, db: home!.reopen(), model: caseIndexModel(home!.db, { partitions: 2 }), batchSize: 200 });
      return { r, ready: r.add(partitions) };
    };
    const ahead = runner([0]);
    await ahead.ready;
    await ahead.r.catchUp();
    const behind = runner([1]);
    await behind.ready;
    await behind.r.step();
    const positions = async () => (await partitionCheckpoints(home!.db)).map((p) => p.position);
    const [end, start] = await positions();
    expect(start).toBeLessThan(end!);

    const both = runner([0, 1]);
    await both.ready;
    for (let n = await both.r.step(); n > 0; n = await both.r.step()) expect((await positions())[0]).toBe(end);
    expect(await positions()).toEqual([end, end]);
    expect(await storedCaseIndexRows(home.db)).toEqual(await expectedCaseIndexRows(log));
  }, 120_000);
});
