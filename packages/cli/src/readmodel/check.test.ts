import { createInMemoryEventStore, type EventStore, type SqlDatabase } from '@banjian/core';
import { checkReadModels, createCaseIndex, createPartitionRunner, figureFactsReadModel, type ReadModelCheck, type ReadModelCheckResult } from '@banjian/projections';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, CLERK, createEngineHall } from '../../../projections/src/golden/engine-hall.fixture';
import { FACT } from '../../../projections/src/readmodel/figure-rows';
import { FIGURE_FACT_COLUMNS } from '../../../projections/src/readmodel/figure-schema';
import { simulateHall } from '../simulator';
import { readModelHomes, type ReadModelHome } from './read-model.fixture';

/** Both read models caught up (or `steps` batches of each), written in batches of `batchSize` events. */
const project = async (store: EventStore, db: SqlDatabase, options: { batchSize: number; steps?: number }): Promise<void> => {
  const index = createCaseIndex({ store, db, batchSize: options.batchSize });
  const facts = createPartitionRunner({ store, db, model: figureFactsReadModel(db), batchSize: options.batchSize });
  await facts.add([0]);
  if (options.steps === undefined) {
    await index.catchUp();
    while ((await facts.catchUp()) > 0);
    return;
  }
  for (let i = 0; i < options.steps; i++) {
    await index.step();
    await facts.step();
  }
};

const modelOf = (result: ReadModelCheckResult, name: string): ReadModelCheck => {
  const found = result.models.find((m) => m.name === name);
  expect(found, name).toBeDefined();
  return found!;
};

const lastPosition = async (store: EventStore): Promise<number> => {
  let last = 0;
  for await (const event of store.readAll()) last = event.globalPosition;
  return last;
};

describe.each(['sqlite', 'postgres'] as const)('read model check in %s', (kind) => {
  let log: EventStore;
  let head: number;
  let home: ReadModelHome;
  let facts: string;
  let context: string;
  let index: string;
  beforeAll(async () => {
    log = createInMemoryEventStore();
    await simulateHall(log, { casesPerYear: 300, townshipCount: 1, seed: 13 });
    head = await lastPosition(log);
  }, 120_000);
  beforeEach(async () => {
    home = await readModelHomes[kind]();
    facts = home.db.table('figure_facts_v1');
    context = home.db.table('figure_context_v1');
    index = home.db.table('case_index_v1');
  }, 60_000);
  afterEach(async () => home?.cleanup());

  /** What a database owner sees of a completion row. */
  const completions = (n: number) =>
    home.db.query<{ owner: string; at_ms: string; flags: string }>(`SELECT owner, at_ms, flags FROM ${facts} WHERE fact = ${FACT.completed} ORDER BY owner LIMIT ${n}`);

  it('given both read models caught up in batches and untouched, when checked, then they equal the rebuild: no difference, every row read', async () => {
    await project(log, home.db, { batchSize: 700 });
    const result = await checkReadModels({ store: log, db: home.db });
    expect(result.models.map((m) => `${m.name}@${m.version}`)).toEqual(['caseIndex@1', 'figureFacts@1']);
    for (const m of result.models) {
      expect(m.differences, m.name).toEqual([]);
      expect(m.ok).toBe(true);
      expect(m.checkpoint).toBe(head);
      expect(m.behind).toBe(false);
    }
    expect(result.ok).toBe(true);
    const [counted] = await home.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${index}`);
    expect(modelOf(result, 'caseIndex').rows).toBe(Number(counted!.n));
    expect(modelOf(result, 'caseIndex').partitions.length).toBe(kind === 'postgres' ? 8 : 1);
    expect(modelOf(result, 'figureFacts').rows).toBeGreaterThan(Number(counted!.n));
  }, 120_000);

  it('given a database owner who deletes a completion, flips another\'s on-time flag, moves a third\'s time and adds a fake one, when checked, then each is found by its owner, fact and column', async () => {
    await project(log, home.db, { batchSize: 700 });
    const [gone, flipped, moved] = await completions(3);
    await home.db.query(`DELETE FROM ${facts} WHERE owner = $1 AND fact = ${FACT.completed}`, [gone!.owner]);
    // Bit 0 of a completion's flags is on time.
    await home.db.query(`UPDATE ${facts} SET flags = flags + CASE WHEN flags % 2 = 1 THEN -1 ELSE 1 END WHERE owner = $1 AND fact = ${FACT.completed}`, [flipped!.owner]);
    await home.db.query(`UPDATE ${facts} SET at_ms = at_ms + 3600000 WHERE owner = $1 AND fact = ${FACT.completed}`, [moved!.owner]);
    const others = FIGURE_FACT_COLUMNS.filter((c) => c !== 'owner').join(', ');
    await home.db.query(`INSERT INTO ${facts} (owner, ${others}) SELECT 'case:fake-1', ${others} FROM ${facts} WHERE owner = $1 AND fact = ${FACT.completed}`, [moved!.owner]);

    const result = await checkReadModels({ store: log, db: home.db });
    expect(result.ok).toBe(false);
    expect(modelOf(result, 'caseIndex').ok).toBe(true);
    const m = modelOf(result, 'figureFacts');
    expect(m.counts).toEqual({ missing: 1, extra: 1, changed: 2, checkpoint: 0, table: 0 });
    const at = (ms: string) => new Date(Number(ms)).toISOString();
    expect(m.differences).toContainEqual(expect.objectContaining({ kind: 'missing', table: facts, key: `${gone!.owner} completed at ${at(gone!.at_ms)}` }));
    const flags = Number(flipped!.flags);
    expect(m.differences).toContainEqual({
      kind: 'changed', table: facts, key: `${flipped!.owner} completed at ${at(flipped!.at_ms)}`, column: 'flags', stored: String(flags % 2 === 1 ? flags - 1 : flags + 1), expected: String(flags),
    });
    expect(m.differences).toContainEqual({
      kind: 'changed', table: facts, key: `${moved!.owner} completed at ${at(moved!.at_ms)}`, column: 'at_ms', stored: String(Number(moved!.at_ms) + 3_600_000), expected: String(moved!.at_ms),
    });
    expect(m.differences).toContainEqual(expect.objectContaining({ kind: 'extra', table: facts, key: `case:fake-1 completed at ${at(String(Number(moved!.at_ms) + 3_600_000))}` }));
  }, 120_000);

  it('given a database owner who edits the hall context the figure facts were judged under, when checked, then the context row is found changed', async () => {
    await project(log, home.db, { batchSize: 700 });
    const [first] = await home.db.query<{ position: string }>(`SELECT CAST(min(position) AS text) AS position FROM ${context} WHERE event LIKE '%"HallRegistered"%'`);
    await home.db.query(`UPDATE ${context} SET event = replace(event, '"HallRegistered"', '"HallRegistered" ') WHERE position = $1`, [first!.position]);
    await home.db.query(`DELETE FROM ${context} WHERE position = (SELECT max(position) FROM ${context})`);
    const m = modelOf(await checkReadModels({ store: log, db: home.db }), 'figureFacts');
    expect(m.counts).toEqual({ missing: 1, extra: 0, changed: 1, checkpoint: 0, table: 0 });
    expect(m.differences).toContainEqual(expect.objectContaining({ kind: 'changed', table: context, key: `position ${first!.position}`, column: 'event' }));
  }, 120_000);

  it('given a database owner who deletes a case index row and edits another\'s holder and due time, when checked, then the case and each column are named', async () => {
    await project(log, home.db, { batchSize: 700 });
    const picked = await home.db.query<{ case_id: string; staff_id: string; promised_due_at: string }>(
      `SELECT case_id, staff_id, CAST(promised_due_at AS text) AS promised_due_at FROM ${index} WHERE staff_id IS NOT NULL AND promised_due_at IS NOT NULL ORDER BY case_id LIMIT 2`,
    );
    const [gone, edited] = picked;
    await home.db.query(`DELETE FROM ${index} WHERE case_id = $1`, [gone!.case_id]);
    await home.db.query(`UPDATE ${index} SET staff_id = 'someone-else', promised_due_at = promised_due_at + 86400000 WHERE case_id = $1`, [edited!.case_id]);

    const m = modelOf(await checkReadModels({ store: log, db: home.db }), 'caseIndex');
    expect(m.counts).toEqual({ missing: 1, extra: 0, changed: 2, checkpoint: 0, table: 0 });
    expect(m.differences).toContainEqual(expect.objectContaining({ kind: 'missing', table: index, key: `case_id ${gone!.case_id}` }));
    expect(m.differences).toContainEqual({ kind: 'changed', table: index, key: `case_id ${edited!.case_id}`, column: 'staff_id', stored: 'someone-else', expected: edited!.staff_id });
    expect(m.differences).toContainEqual({
      kind: 'changed', table: index, key: `case_id ${edited!.case_id}`, column: 'promised_due_at', stored: String(Number(edited!.promised_due_at) + 86_400_000), expected: edited!.promised_due_at,
    });
  }, 120_000);

  it('given read models two batches behind the log, when checked, then they are checked up to their own checkpoint, say they are behind, and a row deleted there is still found', async () => {
    await project(log, home.db, { batchSize: 500, steps: 2 });
    const clean = await checkReadModels({ store: log, db: home.db });
    expect(clean.ok).toBe(true);
    for (const m of clean.models) {
      expect(m.behind, m.name).toBe(true);
      expect(m.checkpoint).toBe(1_000);
      expect(m.checkpoint).toBeLessThan(head);
    }
    const [gone] = await home.db.query<{ case_id: string }>(`SELECT case_id FROM ${index} ORDER BY case_id LIMIT 1`);
    await home.db.query(`DELETE FROM ${index} WHERE case_id = $1`, [gone!.case_id]);
    const m = modelOf(await checkReadModels({ store: log, db: home.db }), 'caseIndex');
    expect(m.differences).toEqual([expect.objectContaining({ kind: 'missing', key: `case_id ${gone!.case_id}` })]);
  }, 120_000);

  it('given a database owner who moves the figure facts\' checkpoints past the log\'s end, when checked, then the checkpoints are named', async () => {
    await project(log, home.db, { batchSize: 700 });
    await home.db.query(`UPDATE ${home.db.table('readmodel_partitions')} SET position = position + 500 WHERE name = 'figureFacts'`);
    const m = modelOf(await checkReadModels({ store: log, db: home.db }), 'figureFacts');
    expect(m.ok).toBe(false);
    expect(m.differences).toContainEqual({
      kind: 'checkpoint', table: home.db.table('readmodel_partitions'), detail: `figureFacts@1 partition 0 checkpoint ${head + 500} is beyond the log's last event (${head})`,
    });
  }, 120_000);

  it('given a database owner who tells readers the case index is further on than its partitions, and drops the figure facts\' context table, when checked, then both are named', async () => {
    await project(log, home.db, { batchSize: 500, steps: 2 });
    const checkpoints = home.db.table('readmodel_checkpoints');
    await home.db.query(`UPDATE ${checkpoints} SET position = $1 WHERE name = 'caseIndex'`, [head]);
    await home.db.query(`DROP TABLE ${context}`);
    const result = await checkReadModels({ store: log, db: home.db });
    expect(modelOf(result, 'caseIndex').differences).toEqual([{
      kind: 'checkpoint', table: checkpoints, detail: `caseIndex@1 checkpoint ${head} is beyond its lowest partition's 1000: readers are told of events its rows do not reflect`,
    }]);
    expect(modelOf(result, 'figureFacts').differences).toEqual([{ kind: 'table', table: context, detail: `figureFacts@1 has a checkpoint but no table ${context}` }]);
  }, 120_000);

  it('given a live hall whose calendar is published and whose item is revised after its cases came in, when both read models follow it event by event, then they check clean', async () => {
    const hall = await createEngineHall({ setupAt: '2026-11-02T08:00:00+08:00' });
    const follow = () => project(hall.store, home.db, { batchSize: 1 });
    await hall.accept('early', '2026-11-03T10:00:00+08:00');
    await hall.accept('crossing', '2026-12-28T10:00:00+08:00');
    await follow();
    await hall.run('PublishCalendar', { calendarId: 'cn', year: 2027, papers: ['https://www.gov.cn/notice-2027'], days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }] }, ADMIN, '2026-12-30T09:00:00+08:00');
    await follow();
    await hall.run('SubmitApplication', {
      caseId: 'waiting', caseNo: 'NO-waiting', hallId: 'h1', itemCode: 'SC-5', channel: 'window', applicant: { type: 'person', ref: 'p-waiting' }, materials: ['申请书'],
    }, CLERK, '2026-12-29T10:00:00+08:00');
    await hall.run('ReviseServiceItem', {
      hallId: 'h1', itemCode: 'SC-5', version: 2, name: '食品经营许可', departmentId: 'tax', kind: 'promised',
      limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } }, effectiveFrom: '2026-12-30',
    }, ADMIN, '2026-12-30T10:00:00+08:00');
    await follow();
    const result = await checkReadModels({ store: hall.store, db: home.db });
    expect(result.models.flatMap((m) => m.differences)).toEqual([]);
    expect(result.models.every((m) => m.checkpoint === m.partitions[0]!.checkpoint && !m.behind)).toBe(true);
  }, 120_000);
});
