import {
  createCaseDecider,
  createCommandEngine,
  createDirectory,
  type CommandEngine,
  type EventStore,
  type StoredEvent,
} from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { CLERK } from '../golden/engine-hall.fixture';
import { nationalDayHall } from '../summary/national-day.fixture';
import { createAlertScheduler, type AlertScheduler } from './index';

/** The case decider over the hall's directory as the commands built it. */
const deciderOf = async (store: EventStore) =>
  createCaseDecider({ directory: createDirectory([...(await store.readStream('hall-h1')), ...(await store.readStream('catalog-h1'))]) });

const givenScheduler = async (store: EventStore, now: { at: string }, engine: CommandEngine = createCommandEngine({ store, now: () => now.at })): Promise<AlertScheduler> =>
  createAlertScheduler({ store, engine, decider: await deciderOf(store), now: () => now.at });

const alertEvents = async (store: EventStore): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll({ types: ['AlertRaised', 'AlertCleared'] })) out.push(e);
  return out;
};

const summaryOf = (events: readonly StoredEvent[]) =>
  events.map((e) => `${e.type} ${(e.data as { alertId: string }).alertId}`);

/** An engine that fails (as a crash would) after `n` commands. */
const crashingAfter = (engine: CommandEngine, n: number): CommandEngine => {
  let handled = 0;
  return {
    ...engine,
    handle: (async (handler: never, command: never) => {
      if (handled++ >= n) throw new Error('crash');
      return engine.handle(handler, command);
    }) as CommandEngine['handle'],
  };
};

describe('alert scheduler', () => {
  it('raises each rung once, when it is reached, through the case decider', async () => {
    // given C-ND (due Sat Oct 12 17:30 across National Day)
    const hall = await nationalDayHall();
    const store = hall.store;
    const now = { at: '2024-10-11T16:17:00+08:00' };
    const scheduler = await givenScheduler(store, now);
    // when the scheduler runs before, at, and after the approaching instant
    expect((await scheduler.tick()).raised).toEqual([]);
    now.at = '2024-10-11T16:18:00+08:00';
    const first = await scheduler.tick();
    const again = await scheduler.tick();
    // then one AlertRaised, with a deterministic id and command id, from the system
    expect(first.raised).toEqual([
      {
        caseId: 'C-ND', rule: 'promisedLimit', level: 'approaching', dueAt: '2024-10-12T17:30:00+08:00',
        alertId: 'C-ND:approaching:2024-10-12T17:30:00+08:00', commandId: 'alert:C-ND:approaching:2024-10-12T17:30:00+08:00',
      },
    ]);
    expect(again.raised).toEqual([]);
    const [raised] = await alertEvents(store);
    expect(raised).toMatchObject({
      type: 'AlertRaised',
      streamId: 'case-C-ND',
      occurredAt: '2024-10-11T16:18:00+08:00',
      actor: { kind: 'system', id: 'alert-scheduler' },
      commandId: 'alert:C-ND:approaching:2024-10-12T17:30:00+08:00',
      data: { caseId: 'C-ND', rule: 'promisedLimit', level: 'approaching', dueAt: '2024-10-12T17:30:00+08:00', departmentId: 'market' },
    });
    // and on Monday the overdue rung and the yellow card follow, the approaching alert stays
    now.at = '2024-10-14T09:00:00+08:00';
    expect((await scheduler.tick()).raised.map((c) => c.level)).toEqual(['overdue', 'yellowCard']);
    now.at = '2024-10-16T17:31:00+08:00';
    expect((await scheduler.tick()).raised.map((c) => c.level)).toEqual(['redCard']);
    expect(summaryOf(await alertEvents(store))).toEqual([
      'AlertRaised C-ND:approaching:2024-10-12T17:30:00+08:00',
      'AlertRaised C-ND:overdue:2024-10-12T17:30:00+08:00',
      'AlertRaised C-ND:yellowCard:2024-10-12T17:30:00+08:00',
      'AlertRaised C-ND:redCard:2024-10-12T17:30:00+08:00',
    ]);
  });

  it('appends nothing new when restarted after a pass', async () => {
    const hall = await nationalDayHall();
    const store = hall.store;
    const now = { at: '2024-10-14T09:00:00+08:00' };
    await (await givenScheduler(store, now)).tick();
    const before = (await alertEvents(store)).length;
    // when a new scheduler (a restart: no memory of its own) runs at the same instant
    const pass = await (await givenScheduler(store, now)).tick();
    // then
    expect(before).toBe(3);
    expect(pass).toMatchObject({ raised: [], cleared: [], repeated: [], refused: [] });
    expect((await alertEvents(store)).length).toBe(3);
  });

  it('finishes a pass that crashed half-way, without duplicates', async () => {
    const hall = await nationalDayHall();
    const store = hall.store;
    const now = { at: '2024-10-17T09:00:00+08:00' };
    const engine = createCommandEngine({ store, now: () => now.at });
    // given a pass that crashes after two of C-ND's four rungs
    await expect((await givenScheduler(store, now, crashingAfter(engine, 2))).tick()).rejects.toThrow('crash');
    expect((await alertEvents(store)).length).toBe(2);
    // when the scheduler restarts
    const pass = await (await givenScheduler(store, now)).tick();
    // then only the two missing rungs are raised
    expect(pass.raised.map((c) => c.level)).toEqual(['yellowCard', 'redCard']);
    const events = await alertEvents(store);
    expect(summaryOf(events)).toEqual([
      'AlertRaised C-ND:approaching:2024-10-12T17:30:00+08:00',
      'AlertRaised C-ND:overdue:2024-10-12T17:30:00+08:00',
      'AlertRaised C-ND:yellowCard:2024-10-12T17:30:00+08:00',
      'AlertRaised C-ND:redCard:2024-10-12T17:30:00+08:00',
    ]);
    expect(new Set(events.map((e) => e.commandId)).size).toBe(4);
  });

  it('lets two schedulers racing on the same instant append each transition once', async () => {
    const hall = await nationalDayHall();
    const store = hall.store;
    const now = { at: '2024-10-14T09:00:00+08:00' };
    const engine = createCommandEngine({ store, now: () => now.at });
    const [a, b] = [await givenScheduler(store, now, engine), await givenScheduler(store, now)];
    await Promise.all([a.tick(), b.tick()]);
    expect((await alertEvents(store)).filter((e) => e.type === 'AlertRaised')).toHaveLength(3);
  });

  it('clears every open alert when the case completes', async () => {
    const hall = await nationalDayHall();
    const store = hall.store;
    const now = { at: '2024-10-14T09:00:00+08:00' };
    const scheduler = await givenScheduler(store, now);
    await scheduler.tick();
    // when C-ND is completed late, then the scheduler runs
    await hall.run('MakeDecision', { caseId: 'C-ND', outcome: 'approved' }, CLERK, '2024-10-14T09:55:00+08:00');
    await hall.run('CompleteCase', { caseId: 'C-ND', result: 'issued' }, CLERK, '2024-10-14T10:00:00+08:00');
    now.at = '2024-10-14T10:05:00+08:00';
    const pass = await scheduler.tick();
    // then its three alerts are cleared, and nothing is raised again later
    expect(pass.cleared.map((c) => c.level)).toEqual(['approaching', 'overdue', 'yellowCard']);
    expect(pass.cleared[0]!.commandId).toBe('alert-clear:C-ND:approaching:2024-10-12T17:30:00+08:00');
    now.at = '2024-10-20T10:00:00+08:00';
    const later = await scheduler.tick();
    expect([...later.raised, ...later.cleared].filter((c) => c.caseId === 'C-ND')).toEqual([]);
    expect((await alertEvents(store)).filter((e) => e.streamId === 'case-C-ND').map((e) => e.type)).toEqual([
      'AlertRaised', 'AlertRaised', 'AlertRaised', 'AlertCleared', 'AlertCleared', 'AlertCleared',
    ]);
  });

  it('clears an alert whose due time moved and raises against the new one only when reached', async () => {
    // given C-LATER (10 working days from Tue Oct 8 10:00, due Mon Oct 21 17:30) approaching on Fri Oct 18
    const hall = await nationalDayHall();
    const store = hall.store;
    const now = { at: '2024-10-18T16:00:00+08:00' };
    const scheduler = await givenScheduler(store, now);
    expect((await scheduler.tick()).raised.map((c) => [c.caseId, c.level])).toContainEqual(['C-LATER', 'approaching']);
    // when its limit is extended by 3 working days (in time), moving the due time to Thu Oct 24
    await hall.run('ExtendTimeLimit', {
      caseId: 'C-LATER', by: { value: 3, unit: 'workingDays' }, approvedBy: 'approver-t', reason: '需现场核查', requestedAt: '2024-10-18T16:30:00+08:00',
    }, { kind: 'staff', id: 'approver-t' }, '2024-10-18T16:30:00+08:00');
    now.at = '2024-10-18T17:00:00+08:00';
    const moved = await scheduler.tick();
    // then the old alert is cleared and none is raised: 28.5 h of 90 h remain
    expect(moved.cleared.map((c) => c.alertId)).toEqual(['C-LATER:approaching:2024-10-21T17:30:00+08:00']);
    expect(moved.raised.filter((c) => c.caseId === 'C-LATER')).toEqual([]);
    // and later it approaches again, against the new due time
    now.at = '2024-10-23T17:00:00+08:00';
    expect((await scheduler.tick()).raised.filter((c) => c.caseId === 'C-LATER').map((c) => c.alertId)).toEqual([
      'C-LATER:approaching:2024-10-24T17:30:00+08:00',
    ]);
  });

  it('leaves a suspended case alone', async () => {
    const hall = await nationalDayHall();
    await hall.run('SuspendClock', {
      caseId: 'C-ND', procedure: 'inspection', legalBasis: '行政许可法 §45', applicantNotifiedAt: '2024-10-11T09:00:00+08:00',
    }, CLERK, '2024-10-11T09:00:00+08:00');
    const pass = await (await givenScheduler(hall.store, { at: '2024-10-21T09:00:00+08:00' })).tick();
    expect(pass.raised.filter((c) => c.caseId === 'C-ND')).toEqual([]);
  });
});
