import { createInMemoryEventStore, type EventStore } from '@banjian/core';
import { createCaseIndex, createCaseQueries, ReadModelConflictError, type CaseIndexRow } from '@banjian/projections';
import { buildEarlyHall } from '@banjian/projections/golden';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateHall } from '../simulator';
import { expectedCaseIndexRows as expectedRows, readModelHomes, storedCaseIndexRows, type ReadModelHome } from './read-model.fixture';

/** A small simulated year: suspensions, transfers, corrections, withdrawals, applicants. */
const simulatedLog = async (): Promise<EventStore> => {
  const store = createInMemoryEventStore();
  await simulateHall(store, { casesPerYear: 400, townshipCount: 1, seed: 11 });
  return store;
};

describe.each(['sqlite', 'postgres'] as const)('case index 办件库 in %s', (kind) => {
  let home: ReadModelHome;
  let early: EventStore;
  let simulated: EventStore;
  beforeAll(async () => {
    home = await readModelHomes[kind]();
    [early, simulated] = await Promise.all([buildEarlyHall(), simulatedLog()]);
  }, 120_000);
  afterAll(async () => home?.cleanup());

  it('given the golden early-completion log, when the index catches up, then every row equals the full rebuild\'s', async () => {
    const index = createCaseIndex({ store: early, db: home.db, version: 1, batchSize: 3_000 });
    await index.catchUp();
    const expected = await expectedRows(early);
    const rows = await storedCaseIndexRows(home.db, 1);
    expect(rows.size).toBe(expected.size);
    expect(rows).toEqual(expected);
  }, 120_000);

  it('given a simulated year, when the index is written by batches and a batch fails before its commit, then a restarted index leaves every row equal to the rebuild\'s', async () => {
    const first = createCaseIndex({ store: simulated, db: home.db, version: 2, batchSize: 700 });
    await first.step();
    await first.step();
    // The third batch writes its rows and dies before the checkpoint: nothing of it may remain.
    await expect(first.step({ beforeCommit: async () => { throw new Error('killed mid-batch'); } })).rejects.toThrow('killed mid-batch');
    const stored = await home.db.query<{ position: number }>(`SELECT position FROM ${home.db.table('readmodel_partitions')} WHERE name = 'caseIndex' AND version = 2`);
    expect(stored.length).toBe(kind === 'postgres' ? 8 : 1);
    expect(new Set(stored.map((r) => Number(r.position)))).toEqual(new Set([first.checkpoint]));
    expect(first.checkpoint).toBeGreaterThan(0);
    const restarted = createCaseIndex({ store: simulated, db: home.reopen(), version: 2, batchSize: 700 });
    await restarted.catchUp();
    expect(await storedCaseIndexRows(home.db, 2)).toEqual(await expectedRows(simulated));
  }, 120_000);

  it('given two writers of one index version, when both write from the same checkpoint, then the second is refused (ReadModelConflictError)', async () => {
    const a = createCaseIndex({ store: simulated, db: home.db, version: 3, batchSize: 500 });
    const b = createCaseIndex({ store: simulated, db: home.reopen(), version: 3, batchSize: 500 });
    await Promise.all([a.open(), b.open()]);
    await a.step();
    await expect(b.step()).rejects.toBeInstanceOf(ReadModelConflictError);
  });

  it('given the caught-up index, when a hall UI asks, then work queues run by due time, pages join up, and look-ups find the rows', async () => {
    const queries = createCaseQueries(home.db);
    const { version } = await queries.active();
    expect(version).toBe(2);
    const rows = [...(await storedCaseIndexRows(home.db, 2)).values()];
    const open = rows.filter((r) => r.open);
    const window = open[0]!;
    const queue: CaseIndexRow[] = [];
    let next: string | undefined;
    do {
      const page = await queries.workQueue({ hallId: window.hallId, windowId: window.windowId! }, { limit: 3, ...(next ? { after: next } : {}) });
      queue.push(...page.rows);
      next = page.next;
    } while (next);
    const expectedQueue = open
      .filter((r) => r.hallId === window.hallId && r.windowId === window.windowId)
      .sort((x, y) => x.promisedDueAt! - y.promisedDueAt! || (x.caseId < y.caseId ? -1 : 1));
    expect(queue).toEqual(expectedQueue);

    const some = rows[5]!;
    expect((await queries.byCaseNo(some.caseNo)).row).toEqual(some);
    const ofApplicant = await queries.ofApplicant(some.applicantRef!, { limit: 500 });
    expect(ofApplicant.rows).toEqual(rows.filter((r) => r.applicantRef === some.applicantRef).sort((x, y) => x.submittedAt - y.submittedAt || (x.caseId < y.caseId ? -1 : 1)));

    const at = Math.max(...open.map((r) => r.promisedDueAt!));
    const overdue = await queries.overdue(at, { limit: 500 });
    expect(overdue.rows.map((r) => r.caseId).sort()).toEqual(open.filter((r) => !r.suspended && r.promisedDueAt! < at).map((r) => r.caseId).sort());
    const soon = await queries.approaching(at - 86_400_000, 86_400_000, { limit: 500 });
    expect(soon.rows.every((r) => r.promisedDueAt! >= at - 86_400_000 && r.promisedDueAt! < at)).toBe(true);
  });
});
