import { createInMemoryEventStore, type EventStore } from '@banjian/core';
import {
  caseFactsProjection, createFigureQueries, createPartitionRunner, figureFactsReadModel, FigureFactsUnsupportedError, figureReaderIndexed, rebuild, reportFromFacts,
  type CaseFactsState, type FigureFactsSource, type PartitionRunner, type Report, type ReportOptions,
} from '@banjian/projections';
import { buildCityHall, buildCountyHall, buildEarlyHall } from '@banjian/projections/golden';
import { ADMIN, CLERK, createEngineHall } from '../../../projections/src/golden/engine-hall.fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateHall } from '../simulator';
import { readModelHomes, type ReadModelHome } from './read-model.fixture';

interface Log {
  name: string;
  build: () => Promise<EventStore>;
  /** Report periods over the log: a year, a quarter, an odd stretch (open cases at its end). */
  periods: { from: string; to: string }[];
}

/** A simulated year of a county hall and two townships: suspensions, transfers, joint reviews, complaints, late entries. */
const simulated = async (): Promise<EventStore> => {
  const store = createInMemoryEventStore();
  await simulateHall(store, { casesPerYear: 1_500, townshipCount: 2, seed: 7 });
  return store;
};

const LOGS: Log[] = [
  { name: 'county hall (golden)', build: buildCountyHall, periods: [{ from: '2024-01-01', to: '2025-01-01' }, { from: '2023-11-13', to: '2024-02-29' }] },
  { name: 'city hall (golden)', build: buildCityHall, periods: [{ from: '2024-01-01', to: '2025-01-01' }, { from: '2024-04-01', to: '2024-07-01' }] },
  { name: 'early-completion hall (golden)', build: buildEarlyHall, periods: [{ from: '2023-01-01', to: '2024-01-01' }, { from: '2023-03-07', to: '2023-05-19' }] },
  { name: 'simulated year', build: simulated, periods: [{ from: '2025-01-01', to: '2026-01-01' }, { from: '2025-06-01', to: '2025-07-01' }, { from: '2025-02-11', to: '2025-11-27' }] },
];

const BREAKDOWNS: ReportOptions['by'][] = [undefined, 'hall', 'department', 'window', 'staff', 'item', 'kind', 'channel', 'month'];
/** Definition variants the facts serve: counted after judging (cohort counting, the denominators, the year-over-year figure). */
const VARIANTS: ReportOptions['definitions'][] = [
  undefined, { counting: 'cohort' }, { earlyCompletionDenominator: 'completed', evaluationRateDenominator: 'accepted', yearOverYear: 'onTimeRate' },
];

/**
 * Lets the event loop turn: SQLite answers synchronously, so a test of many reports would otherwise
 * hold the loop for minutes and the test runner's own messages would time out.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Catch-ups to the log's end (one catch-up stops after a few batches to look after its leases). */
const toTheEnd = async (runner: PartitionRunner): Promise<number> => {
  let read = 0;
  for (let n = await runner.catchUp(); n > 0; n = await runner.catchUp()) {
    read += n;
    await breathe();
  }
  return read;
};

const withoutSource = (r: Report & { source?: unknown }): Report => {
  const { source: _, ...report } = r;
  return report;
};

describe.each(['sqlite', 'postgres'] as const)('figure facts 统计事实 in %s', (kind) => {
  let home: ReadModelHome;
  beforeAll(async () => {
    home = await readModelHomes[kind]();
  }, 60_000);
  afterAll(async () => home?.cleanup());

  LOGS.forEach((log, i) => {
    describe(`the ${log.name}`, () => {
      const version = i + 1;
      let state: CaseFactsState;
      let position: number;
      let source: FigureFactsSource;
      beforeAll(async () => {
        const store = await log.build();
        const runner = createPartitionRunner({ store, db: home.db, model: figureFactsReadModel(home.db, version), batchSize: 700 });
        await runner.add([0]);
        await toTheEnd(runner);
        const rebuilt = await rebuild(store, [caseFactsProjection]);
        state = rebuilt.states[caseFactsProjection.name] as CaseFactsState;
        position = rebuilt.position;
        source = { model: 'figureFacts', version, checkpoint: runner.held.get(0)! };
      }, 300_000);

      log.periods.forEach((period, p) => {
        // Every breakdown over the first period; the whole, a dimension and months over the others.
        const breakdowns = p === 0 ? BREAKDOWNS : [undefined, 'department', 'month'] as ReportOptions['by'][];
        it(`given its facts caught up in batches, when reported from the database for ${period.from} – ${period.to}, then every report equals the rebuild's: every figure, numerator and denominator, every hall subtree and breakdown`, async () => {
          expect(source.checkpoint).toBe(position);
          const queries = createFigureQueries(home.reopen());
          const halls = [undefined, ...[...state.context.halls.keys()].sort()];
          let compared = 0;
          for (const hall of halls) {
            for (const by of breakdowns) {
              for (const definitions of by === undefined ? VARIANTS : [undefined]) {
                const options: ReportOptions = { ...period, ...(hall ? { hall } : {}), ...(by ? { by } : {}), ...(definitions ? { definitions } : {}) };
                const fromDb = await queries.report(options, source);
                expect(withoutSource(fromDb), JSON.stringify(options)).toEqual(reportFromFacts(state, position, options));
                compared += 1;
                await breathe();
              }
            }
          }
          expect(compared).toBeGreaterThanOrEqual(breakdowns.length + 2);
        }, 300_000);
      });
    });
  });

  it('given a writer killed mid-batch (rows written, checkpoint not yet), when a new writer goes on from the stored checkpoint, then no fact is kept twice or lost: reports equal the rebuild\'s', async () => {
    const store = await simulated();
    const version = LOGS.length + 1;
    const first = createPartitionRunner({ store, db: home.db, model: figureFactsReadModel(home.db, version), batchSize: 900 });
    await first.add([0]);
    await first.step();
    await first.step();
    await expect(first.step({ beforeCommit: async () => { throw new Error('killed mid-batch'); } })).rejects.toThrow('killed mid-batch');
    const restarted = createPartitionRunner({ store, db: home.reopen(), model: figureFactsReadModel(home.db, version), batchSize: 900 });
    await restarted.add([0]);
    expect(restarted.held.get(0)).toBe(first.held.get(0));
    await toTheEnd(restarted);
    const { position, states } = await rebuild(store, [caseFactsProjection]);
    const state = states[caseFactsProjection.name] as CaseFactsState;
    const queries = createFigureQueries(home.reopen());
    const source = { model: 'figureFacts', version, checkpoint: restarted.held.get(0)! };
    for (const by of [undefined, 'department', 'month'] as ReportOptions['by'][]) {
      const options: ReportOptions = { from: '2025-01-01', to: '2026-01-01', ...(by ? { by } : {}) };
      expect(withoutSource(await queries.report(options, source))).toEqual(reportFromFacts(state, position, options));
    }
  }, 300_000);

  it('given a version built from nothing, when its catch-up has not reached the log\'s head, then it has no covering indexes and the figure queries refuse it; when it reaches the head, then they exist, it takes over and reports equal the rebuild\'s', async () => {
    const store = await simulated();
    const version = LOGS.length + 3;
    const db = home.reopen();
    const runner = createPartitionRunner({ store, db, model: figureFactsReadModel(db, version), batchSize: 900 });
    await runner.add([0]);
    await runner.step();
    await runner.step();
    expect(await figureReaderIndexed(db, version)).toBe(false);
    const queries = createFigureQueries(home.reopen());
    const options: ReportOptions = { from: '2025-01-01', to: '2026-01-01', by: 'department' };
    const partway = { model: 'figureFacts', version, checkpoint: runner.held.get(0)! };
    await expect(queries.report(options, partway)).rejects.toThrow(/is not ready to read/);
    expect(await toTheEnd(runner)).toBeGreaterThan(0);
    expect(await figureReaderIndexed(db, version)).toBe(true);
    expect(await runner.activateIfCaughtUp()).toBe(true);
    const active = await queries.active();
    expect(active).toEqual({ model: 'figureFacts', version, checkpoint: runner.held.get(0)! });
    const { position, states } = await rebuild(store, [caseFactsProjection]);
    expect(withoutSource(await queries.report(options))).toEqual(reportFromFacts(states[caseFactsProjection.name] as CaseFactsState, position, options));
  }, 300_000);

  it('given a live hall whose calendar is published and whose item is revised after its cases came in, when the facts follow the log, then they are judged and keyed again: reports equal the rebuild\'s after each step', async () => {
    const hall = await createEngineHall({ setupAt: '2026-11-02T08:00:00+08:00' });
    const runner = createPartitionRunner({ store: hall.store, db: home.db, model: figureFactsReadModel(home.db, LOGS.length + 2) });
    await runner.add([0]);
    const queries = createFigureQueries(home.reopen());
    const expectReportsEqual = async () => {
      await toTheEnd(runner);
      const { position, states } = await rebuild(hall.store, [caseFactsProjection]);
      const state = states[caseFactsProjection.name] as CaseFactsState;
      const source = { model: 'figureFacts', version: LOGS.length + 2, checkpoint: runner.held.get(0)! };
      for (const period of [{ from: '2026-11-01', to: '2026-12-31' }, { from: '2026-11-01', to: '2027-02-01' }]) {
        for (const by of [undefined, 'department', 'kind'] as ReportOptions['by'][]) {
          const options: ReportOptions = { ...period, ...(by ? { by } : {}) };
          expect(withoutSource(await queries.report(options, source)), JSON.stringify(options)).toEqual(reportFromFacts(state, position, options));
        }
      }
      return reportFromFacts(state, position, { from: '2026-11-01', to: '2026-12-31', by: 'department' });
    };
    await hall.accept('early', '2026-11-03T10:00:00+08:00');
    // Due in unannounced 2027: provisional until the notice.
    await hall.accept('crossing', '2026-12-28T10:00:00+08:00');
    await hall.run('SubmitApplication', {
      caseId: 'waiting', caseNo: 'NO-waiting', hallId: 'h1', itemCode: 'SC-5', channel: 'window', applicant: { type: 'person', ref: 'p-waiting' }, materials: ['申请书'],
    }, CLERK, '2026-12-29T10:00:00+08:00');
    const before = await expectReportsEqual();
    expect(before.groups?.find((g) => g.key === 'market')?.figures.applications?.value).toBe(3);
    await hall.run('PublishCalendar', { calendarId: 'cn', year: 2027, papers: ['https://www.gov.cn/notice-2027'], days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }] }, ADMIN, '2026-12-30T09:00:00+08:00');
    await expectReportsEqual();
    await hall.run('ReviseServiceItem', {
      hallId: 'h1', itemCode: 'SC-5', version: 2, name: '食品经营许可', departmentId: 'tax', kind: 'promised',
      limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } }, effectiveFrom: '2026-12-30',
    }, ADMIN, '2026-12-30T10:00:00+08:00');
    const after = await expectReportsEqual();
    // The case not yet accepted is keyed by its item's department, now tax.
    expect(after.groups?.find((g) => g.key === 'tax')?.figures.applications?.value).toBe(1);
  }, 120_000);

  it('given report options judged otherwise than the stored facts (a clock variant, an as-of bound), when asked, then the figure facts refuse (the report is rebuilt)', async () => {
    const queries = createFigureQueries(home.db);
    const source = { model: 'figureFacts', version: 1, checkpoint: 1 };
    await expect(queries.report({ from: '2024-01-01', to: '2025-01-01', definitions: { clock: { judgeAt: 'delivery' } } }, source)).rejects.toBeInstanceOf(FigureFactsUnsupportedError);
    await expect(queries.report({ from: '2024-01-01', to: '2025-01-01', asOf: { position: 10 } }, source)).rejects.toBeInstanceOf(FigureFactsUnsupportedError);
  });
});
