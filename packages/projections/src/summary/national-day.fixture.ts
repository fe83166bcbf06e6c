import { caseStream, createInMemoryEventStore, hallStream, type Actor, type EventStore, type EventToAppend, type InMemoryEventStore } from '@banjian/core';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { rebuild } from '../runner/rebuild';

/**
 * Test log around National Day 2024 (Oct 1–7 off; Sun Sep 29 and Sat Oct 12 are make-up working
 * days), hall H1 in Asia/Shanghai with the default office hours (7 h a day):
 * - C-ND accepted Mon Sep 30 10:00 by D-market/W1/S1, 5 working days → due Sat Oct 12 17:30
 *   (statutory 20 → Fri Nov 1 17:30);
 * - C-LATER accepted Tue Oct 8 10:00 by D-health/W2/S2, 10 working days → due Mon Oct 21 17:30;
 * - C-DONE accepted Sep 30 09:30 by D-market/W1/S1, completed Oct 8 11:00.
 * These hand-written lines remain for the league test; the summary, watch and scheduler tests use
 * `nationalDayHall` below, the same cases built by running commands.
 */
export const clerk = (staffId: string, windowId: string, departmentId: string): Actor => ({ kind: 'staff', id: staffId, windowId, departmentId });

const S1 = clerk('S1', 'W1', 'D-market');
const S2 = clerk('S2', 'W2', 'D-health');

/** One event as a hall recording in real time would store it (recorded when it happened). */
export const line = (streamId: string, type: string, data: Record<string, unknown>, occurredAt: string, actor: Actor = S1): [string, EventToAppend] => [
  streamId,
  { type, data, occurredAt, recordedAt: occurredAt, actor } as EventToAppend,
];

export const submit = (caseId: string, at: string, actor: Actor = S1) =>
  line(caseStream(caseId), 'ApplicationSubmitted', {
    caseId, caseNo: `NO-${caseId}`, hallId: 'H1', itemCode: 'ITEM-1', channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请表'],
  }, at, actor);

export const accept = (caseId: string, at: string, holder: Actor, promised: number, promisedDueAt: string, statutoryDueAt: string) =>
  line(caseStream(caseId), 'CaseAccepted', {
    caseId, hallId: 'H1', windowId: holder.windowId, departmentId: holder.departmentId, staffId: holder.id, kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: promised, unit: 'workingDays' } },
    calendarVersion: 'cn', promisedDueAt, statutoryDueAt, provisional: false,
  }, at, holder);

export const complete = (caseId: string, at: string, actor: Actor = S1) => line(caseStream(caseId), 'CaseCompleted', { caseId, result: 'issued' }, at, actor);

export const nationalDayLines = (): [string, EventToAppend][] => [
  line(hallStream('H1'), 'HallRegistered', {
    hallId: 'H1', name: '县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai',
    officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
  }, '2024-01-02T09:00:00+08:00', { kind: 'system', id: 'setup' }),
  submit('C-ND', '2024-09-30T09:50:00+08:00'),
  accept('C-ND', '2024-09-30T10:00:00+08:00', S1, 5, '2024-10-12T17:30:00+08:00', '2024-11-01T17:30:00+08:00'),
  submit('C-DONE', '2024-09-30T09:20:00+08:00'),
  accept('C-DONE', '2024-09-30T09:30:00+08:00', S1, 5, '2024-10-12T17:30:00+08:00', '2024-11-01T17:30:00+08:00'),
  submit('C-LATER', '2024-10-08T09:50:00+08:00', S2),
  accept('C-LATER', '2024-10-08T10:00:00+08:00', S2, 10, '2024-10-21T17:30:00+08:00', '2024-11-05T17:30:00+08:00'),
  complete('C-DONE', '2024-10-08T11:00:00+08:00'),
];

export const appendLines = async (store: EventStore, lines: readonly [string, EventToAppend][]): Promise<void> => {
  for (const [streamId, event] of lines) await store.appendToStream(streamId, [event]);
};

export const nationalDayStore = async (extra: readonly [string, EventToAppend][] = []): Promise<InMemoryEventStore> => {
  const store = createInMemoryEventStore();
  await appendLines(store, [...nationalDayLines(), ...extra]);
  return store;
};

export const caseFactsOf = async (store: EventStore): Promise<CaseFactsState> =>
  (await rebuild(store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;

/**
 * The same three cases run through the real deciders and the command engine (engine hall h1):
 * C-ND and C-DONE at the market desk (market/w-m/clerk-m, item SC-5: 5 and 20 working days),
 * C-LATER at the tax desk (tax/w-t/clerk-t, item TX-10 defined here: 10 and 20 working days).
 * Commands are sent in time order, each at its own instant, as a hall working in real time would.
 */
export const nationalDayHall = async (): Promise<EngineHall> => {
  const hall = await createEngineHall({ setupAt: '2024-01-02T09:00:00+08:00' });
  await hall.run('DefineServiceItem', {
    hallId: 'h1', itemCode: 'TX-10', version: 1, name: '税务行政许可', departmentId: 'tax', kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 10, unit: 'workingDays' } }, effectiveFrom: '2015-01-01',
  }, { kind: 'system', id: 'admin' }, '2024-01-02T09:00:00+08:00');
  await hall.accept('C-DONE', '2024-09-30T09:20:00+08:00', 'SC-5', '2024-09-30T09:30:00+08:00');
  await hall.accept('C-ND', '2024-09-30T09:50:00+08:00', 'SC-5', '2024-09-30T10:00:00+08:00');
  await hall.accept('C-LATER', '2024-10-08T09:50:00+08:00', 'TX-10', '2024-10-08T10:00:00+08:00');
  await hall.run('MakeDecision', { caseId: 'C-DONE', outcome: 'approved' }, CLERK, '2024-10-08T10:55:00+08:00');
  await hall.run('CompleteCase', { caseId: 'C-DONE', result: 'issued' }, CLERK, '2024-10-08T11:00:00+08:00');
  return hall;
};
