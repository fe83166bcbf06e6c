import {
  createCaseDecider, createClockResolver, createCommandEngine, createCommandHandlers, createDirectory, createInMemoryEventStore,
  type AnyCommand, type StoredEvent, type StoredEventOf,
} from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { buildReport } from '../report/build-report';
import { rebuild } from '../runner/rebuild';
import { caseSummaryAt } from '../summary/summary';
import { deadlineWatch } from './deadline-watch';
import { recomputeOpenDeadlines } from './recompute';

const admin = { kind: 'system', id: 'admin' } as const;
const clerk = { kind: 'staff', id: 's1' } as const;

/** A hall on the national calendar with one 5-working-day item, run through the real deciders. */
const givenHall = async () => {
  const store = createInMemoryEventStore();
  const directory = createDirectory();
  const clockFor = createClockResolver(directory);
  const handlerOf = createCommandHandlers({ directory, clockFor });
  // Simulated time: the engine's clock is moved to each command as the scenario sends it.
  let now = '2026-10-01T08:00:00+08:00';
  const engine = createCommandEngine({ store, now: () => now });
  let n = 0;
  const run = async (type: string, data: object, actor: object, at: string): Promise<StoredEvent[]> => {
    now = at;
    const command = { type, data, metadata: { commandId: `c-${++n}`, actor, at } } as AnyCommand;
    const result = await engine.handle(handlerOf(command), command);
    if (result._tag === 'Left') throw new Error(`${type}: ${JSON.stringify(result.left)}`);
    const events = result.right.events as readonly StoredEvent[];
    for (const e of events) directory.apply(e);
    return [...events];
  };
  const setup = '2026-10-01T08:00:00+08:00';
  await run('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' }, admin, setup);
  await run('RegisterDepartment', { hallId: 'h1', departmentId: 'market', name: '市场监管局' }, admin, setup);
  await run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 's1', role: 'windowStaff', departmentId: 'market', windowId: 'w1' }, admin, setup);
  await run('DefineServiceItem', { hallId: 'h1', itemCode: 'SC-1', version: 1, name: '食品经营许可', departmentId: 'market', kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } }, effectiveFrom: '2026-01-01' }, admin, setup);
  const accept = async (caseId: string, at: string) => {
    await run('SubmitApplication', { caseId, caseNo: caseId, hallId: 'h1', itemCode: 'SC-1', channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请书'] }, clerk, at);
    return (await run('AcceptCase', { caseId, windowId: 'w1', staffId: 's1' }, clerk, at))[0] as StoredEventOf<'CaseAccepted'>;
  };
  return { store, engine, run, accept, decider: createCaseDecider({ directory, clockFor }) };
};

describe('recomputing open deadlines after a calendar notice (spec §4)', () => {
  it('given an open case whose due time fell in an unannounced year, when the notice is published, then one DeadlineRecomputed moves it and nothing else changes', async () => {
    const hall = await givenHall();
    const crossing = await hall.accept('crossing', '2026-12-28T10:00:00+08:00');
    // Unannounced 2027: Mon–Fri assumed, flagged provisional.
    expect(crossing.data).toMatchObject({ promisedDueAt: '2027-01-04T17:30:00+08:00', provisional: true });
    await hall.accept('early', '2026-11-02T10:00:00+08:00');
    await hall.accept('done', '2026-12-28T10:05:00+08:00');
    await hall.run('MakeDecision', { caseId: 'done', outcome: 'approved' }, clerk, '2026-12-29T10:00:00+08:00');
    await hall.run('CompleteCase', { caseId: 'done', result: 'issued' }, clerk, '2026-12-29T10:05:00+08:00');

    const openProvisional = async () => (await buildReport(hall.store, { from: '2026-12-01', to: '2026-12-31', hall: 'h1' })).figures.open!.parts;
    expect(await openProvisional()).toMatchObject({ provisional: 1 });
    const [published] = await hall.run('PublishCalendar', { calendarId: 'cn', year: 2027, papers: ['https://www.gov.cn/notice-2027'],
      days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }] }, admin, '2026-12-30T09:00:00+08:00');
    const pass = await recomputeOpenDeadlines({ ...hall, published: published as StoredEventOf<'CalendarPublished'>, at: '2026-12-30T09:05:00+08:00' });
    // provisional is cleared everywhere once the notice is loaded: the summary, the watch and the report
    const facts = (await rebuild(hall.store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;
    expect(caseSummaryAt(facts, 'crossing', '2026-12-30T10:00:00+08:00')?.clock?.provisional).toBe(false);
    expect(deadlineWatch(facts, { at: '2026-12-30T10:00:00+08:00' }).provisional).toBe(0);
    expect(await openProvisional()).toMatchObject({ provisional: 0 });

    expect(pass).toEqual({ recomputed: ['crossing'], unchanged: ['early'], refused: [] });
    const recomputed = (await hall.store.readStream('case-crossing')).at(-1);
    expect(recomputed).toMatchObject({
      type: 'DeadlineRecomputed',
      data: { previous: { promisedDueAt: '2027-01-04T17:30:00+08:00' }, next: { promisedDueAt: '2027-01-05T17:30:00+08:00', calendarVersion: (published as StoredEventOf<'CalendarPublished'>).data.version } },
    });
    expect((await hall.store.readStream('case-done')).map((e) => e.type)).not.toContain('DeadlineRecomputed');
  });

  it('given a pass already made, when it runs again, then nothing more is appended', async () => {
    const hall = await givenHall();
    await hall.accept('crossing', '2026-12-28T10:00:00+08:00');
    const [published] = await hall.run('PublishCalendar', { calendarId: 'cn', year: 2027, papers: [], days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }] }, admin, '2026-12-30T09:00:00+08:00');
    const options = { ...hall, published: published as StoredEventOf<'CalendarPublished'>, at: '2026-12-30T09:05:00+08:00' };
    await recomputeOpenDeadlines(options);
    const length = (await hall.store.readStream('case-crossing')).length;
    await recomputeOpenDeadlines(options);
    expect((await hall.store.readStream('case-crossing')).length).toBe(length);
  });
});
