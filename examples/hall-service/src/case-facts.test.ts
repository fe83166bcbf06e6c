import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { exportEventLog, importEventLog, type EventStore } from '@banjian/core';
import { caseFactsProjection, caseSummaryAt, createCaseIndex, createProjectionRunner, deadlineWatch, type CaseFactsState } from '@banjian/projections';
import { buildCityHall, buildCountyHall, COUNTY } from '@banjian/projections/golden';
import { describe, expect, it } from 'vitest';
import { createCaseFacts } from './case-facts';
import { createReadModel } from './read-model';

const fullFold = async (store: EventStore): Promise<CaseFactsState> => {
  const runner = createProjectionRunner({ store, projections: [caseFactsProjection] });
  await runner.catchUp();
  return runner.state<CaseFactsState>(caseFactsProjection.name);
};

describe('one case folded over the hall context', () => {
  it.each([
    ['county hall', buildCountyHall, ['2024-03-15T10:00:00+08:00', '2024-12-31T18:00:00+08:00']],
    ['city hall', buildCityHall, ['2024-01-02T09:00:00+08:00', '2024-07-01T12:00:00+08:00', '2025-01-01T00:00:00+08:00']],
  ] as const)('given the golden %s, then each case summary (every 40th case) equals the fold of the whole log’s', async (_, build, instants) => {
    const store = await build();
    const full = await fullFold(store);
    const oneCase = createCaseFacts(store).one;
    expect(full.cases.size).toBeGreaterThan(10);
    // Every 40th case: the in-memory store scans its log for each read.
    for (const caseId of [...full.cases.keys()].filter((_, i) => i % 40 === 0)) {
      const one = await oneCase(caseId);
      expect(one?.state.cases.size).toBe(1);
      for (const at of instants) expect(caseSummaryAt(one!.state, caseId, at)).toEqual(caseSummaryAt(full, caseId, at));
    }
    expect(await oneCase('no-such-case')).toBeUndefined();
  }, 60_000);
});

describe('the watch from the case index', () => {
  it('given the golden county hall in a SQLite store with its case index, then the cases it may have open, folded one by one, watch as the whole log does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-watch-'));
    const store = createSqliteEventStore({ path: join(dir, 'hall.db') });
    try {
      const lines: string[] = [];
      for await (const line of exportEventLog(await buildCountyHall())) lines.push(line);
      expect((await importEventLog(store, lines))._tag).toBe('Right');
      const db = readModelDatabaseOf(store)!;
      await createCaseIndex({ store, db }).catchUp();
      await db.close();
      const readModel = (await createReadModel(store, { projector: 'workers' }))!;
      const full = await fullFold(store);
      const facts = createCaseFacts(store);
      try {
        let watched = 0;
        for (const at of ['2023-11-20T10:00:00+08:00', '2024-03-15T10:00:00+08:00', '2024-06-28T16:00:00+08:00', '2024-12-31T16:00:00+08:00']) {
          for (const hallIds of [undefined, [COUNTY.hallId], ['elsewhere']]) {
            const { caseIds } = await readModel.maybeOpenAt(Date.parse(at), hallIds);
            const query = { at, ...(hallIds ? { hallIds } : {}) };
            const expected = deadlineWatch(full, query);
            expect(deadlineWatch(await facts.many(caseIds), query)).toEqual(expected);
            watched += expected.open;
          }
        }
        expect(watched).toBeGreaterThan(0);
      } finally {
        await readModel.close();
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
