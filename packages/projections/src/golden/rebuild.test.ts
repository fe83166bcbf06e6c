import { parseInstant, type Actor, type EventStore } from '@banjian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { buildReport, reportFromFacts, type ReportOptions } from '../report/build-report';
import { createInMemoryCheckpointStore } from '../runner/checkpoints';
import { asOf } from '../runner/rebuild';
import { createProjectionRunner } from '../runner/runner';
import { ADMIN, APPLICANT, CLERK, CLERK_TAX, createEngineHall, type EngineHall } from './engine-hall.fixture';

const T = (local: string) => `${local}:00+08:00`;
const CLERK_TOWN: Actor = { kind: 'staff', id: 'clerk-z' };
const limits = (statutory: number, promised: number) => ({ statutory: { value: statutory, unit: 'workingDays' }, promised: { value: promised, unit: 'workingDays' } });

/** A township centre below the engine hall h1, with its 民政 window and clerk; an immediate 即办 item at each hall. */
const addTown = async (hall: EngineHall, at: string): Promise<void> => {
  await hall.run('RegisterHall', {
    hallId: 'town', name: '乡镇便民服务中心', level: 'township', parentId: 'h1', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
  }, ADMIN, at);
  await hall.run('RegisterDepartment', { hallId: 'town', departmentId: 'civil', name: '民政办' }, ADMIN, at);
  await hall.run('OpenWindow', { hallId: 'town', windowId: 'w-z', kind: 'department', departmentId: 'civil' }, ADMIN, at);
  await hall.run('RegisterStaff', { hallId: 'town', staffId: 'clerk-z', role: 'windowStaff', departmentId: 'civil', windowId: 'w-z' }, ADMIN, at);
  const items = [['h1', 'IM-M', 'market', 'immediate', 1], ['town', 'TN-1', 'civil', 'immediate', 1], ['town', 'TN-3', 'civil', 'promised', 3]] as const;
  for (const [hallId, itemCode, departmentId, kind, promised] of items) {
    await hall.run('DefineServiceItem', { hallId, itemCode, version: 1, name: `事项 ${itemCode}`, departmentId, kind, limits: limits(10, promised), effectiveFrom: '2015-01-01' }, ADMIN, at);
  }
};

/**
 * The engine hall h1 with a township centre below it, run as commands: on six working days a case
 * at each hall (immediate on even days, promised on odd ones; at h1 the market's immediate item or
 * the tax promised item), all but the last day's completed and evaluated (差评 on the third day), the
 * fourth day's h1 case handed over from tax to market; a complaint at the township answered in time.
 */
const buildTree = async (): Promise<EventStore> => {
  const hall = await createEngineHall({ setupAt: T('2024-01-02T08:00') });
  await addTown(hall, T('2024-01-02T08:30'));
  const steps: { at: string; send: () => Promise<unknown> }[] = [];
  const step = (at: string, type: string, data: Record<string, unknown>, actor: Actor) => steps.push({ at: T(at), send: () => hall.run(type, data, actor, T(at)) });
  const days = ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-11'];
  days.forEach((day, i) => {
    const immediate = i % 2 === 0;
    const cases = [
      { caseId: `h1-${i}`, hallId: 'h1', itemCode: immediate ? 'IM-M' : 'TX-5', clerk: immediate ? CLERK : CLERK_TAX, windowId: immediate ? 'w-m' : 'w-t' },
      { caseId: `town-${i}`, hallId: 'town', itemCode: immediate ? 'TN-1' : 'TN-3', clerk: CLERK_TOWN, windowId: 'w-z' },
    ];
    for (const { caseId, hallId, itemCode, windowId, clerk: acceptedBy } of cases) {
      let clerk = acceptedBy;
      step(`${day}T09:10`, 'SubmitApplication', { caseId, caseNo: `NO-${caseId}`, hallId, itemCode, channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请书'] }, clerk);
      step(`${day}T09:40`, 'AcceptCase', { caseId, windowId, staffId: clerk.id }, clerk);
      if (i === 3 && hallId === 'h1') {
        step(`${day}T11:00`, 'TransferCase', { caseId, to: { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' }, reason: '职责调整', handoverAt: T(`${day}T11:00`) }, clerk);
        clerk = CLERK;
      }
      if (i >= 5) continue;
      step(`${day}T15:50`, 'MakeDecision', { caseId, outcome: 'approved' }, clerk);
      step(`${day}T16:00`, 'CompleteCase', { caseId, result: 'issued' }, clerk);
      step(`${day}T16:10`, 'SubmitEvaluation', { caseId, evaluationId: `e-${caseId}`, level: i === 2 ? 2 : 5, channel: 'mobile', round: 'first', realName: false }, APPLICANT(`p-${caseId}`));
    }
  });
  step('2024-03-05T10:00', 'FileComplaint', { complaintId: 'k1', hallId: 'town', channel: 'phone', subject: { kind: 'window', id: 'w-z' } }, CLERK_TOWN);
  step('2024-03-07T10:00', 'AnswerComplaint', { complaintId: 'k1', resolution: '已答复' }, CLERK_TOWN);
  // sent in the order they happen (stable: a case's steps at the same minute keep theirs)
  steps.sort((a, b) => parseInstant(a.at) - parseInstant(b.at));
  for (const s of steps) await s.send();
  return hall.store;
};

const options: ReportOptions = { from: '2024-03-01', to: '2024-04-01', hall: 'h1' };

describe('rebuild and as-of of the report', () => {
  let store: EventStore;
  let size = 0;
  beforeAll(async () => {
    store = await buildTree();
    for await (const _ of store.readAll()) size++;
  });

  it('given a hall tree, when the parent is reported, then the township rolls up into it and not the other way round', async () => {
    const city = await buildReport(store, options);
    const town = await buildReport(store, { ...options, hall: 'town' });
    expect(city.hall).toEqual({ id: 'h1', name: '某县政务服务中心', halls: ['h1', 'town'] });
    expect(city.figures.accepted!.value).toBe(12);
    expect(town.figures.accepted!.value).toBe(6);
    expect(town.figures.complaintOnTimeAnswerRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(city.figures.badReviewRate).toMatchObject({ numerator: 2, denominator: 10 });
  });

  it('given checkpoints at every position, when a runner resumes from each, then the report is byte-identical', async () => {
    const expected = JSON.stringify(await buildReport(store, { ...options, by: 'department' }));
    for (let k = 0; k <= size; k += 3) {
      const checkpoints = createInMemoryCheckpointStore();
      const partial = await asOf(store, [caseFactsProjection], { position: k });
      await checkpoints.save({ name: 'caseFacts', version: 1, position: k, state: partial.states.caseFacts });
      const runner = createProjectionRunner({ store, projections: [caseFactsProjection], checkpoints });
      const position = await runner.catchUp();
      const resumed = reportFromFacts(runner.state<CaseFactsState>('caseFacts'), position, { ...options, by: 'department' });
      expect(JSON.stringify(resumed)).toBe(expected);
    }
  });

  it('given an as-of position, when reported, then the report carries that checkpoint and only what was known then', async () => {
    const all = await buildReport(store, options);
    const early = await buildReport(store, { ...options, asOf: { position: Math.floor(size / 2) } });
    expect(all.checkpoint).toBe(size);
    expect(early.checkpoint).toBe(Math.floor(size / 2));
    expect(early.figures.accepted!.value as number).toBeLessThan(all.figures.accepted!.value as number);
    const byTime = await buildReport(store, { ...options, asOf: { occurredAt: '2024-03-06T00:00:00+08:00' } });
    expect(byTime.figures.accepted!.value).toBe(4);
  });
});
