import { createCommandEngine, createCommandHandlers, createDirectory, createInMemoryEventStore, type Actor, type AnyCommand } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { rebuild } from '../runner/rebuild';
import { computeFigures } from './query';

const admin: Actor = { kind: 'system', id: 'hall-admin' };
const clerk: Actor = { kind: 'staff', id: 's1' };
const taxClerk: Actor = { kind: 'staff', id: 's2' };
const approver: Actor = { kind: 'staff', id: 'a1' };
const taxApprover: Actor = { kind: 'staff', id: 'a2' };
const limits = { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } };

/** A hall with a market and a tax department, on simulated time: the engine's clock is moved to each recording. */
const givenHall = async () => {
  const store = createInMemoryEventStore();
  const directory = createDirectory();
  const handlerOf = createCommandHandlers({ directory });
  let now = '2025-03-03T08:00:00+08:00';
  const engine = createCommandEngine({ store, now: () => now });
  let n = 0;
  const run = async (type: string, data: Record<string, unknown>, actor: Actor, at: string, recordedAt = at) => {
    now = recordedAt;
    const command = { type, data, metadata: { commandId: `c-${++n}`, actor, at } } as AnyCommand;
    const result = await engine.handle(handlerOf(command), command);
    if (result._tag === 'Left') throw new Error(`${type}: ${JSON.stringify(result.left)}`);
    for (const e of result.right.events) directory.apply(e);
  };
  const setup = '2025-03-03T08:00:00+08:00';
  await run('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' }, admin, setup);
  for (const departmentId of ['market', 'tax']) await run('RegisterDepartment', { hallId: 'h1', departmentId, name: departmentId }, admin, setup);
  await run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' }, admin, setup);
  await run('OpenWindow', { hallId: 'h1', windowId: 'w2', kind: 'department', departmentId: 'tax' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 's1', role: 'windowStaff', departmentId: 'market', windowId: 'w1' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 's2', role: 'windowStaff', departmentId: 'tax', windowId: 'w2' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 'a1', role: 'approver', departmentId: 'market' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 'a2', role: 'approver', departmentId: 'tax' }, admin, setup);
  await run('DefineServiceItem', { hallId: 'h1', itemCode: 'SC', version: 1, name: '食品经营许可', departmentId: 'market', kind: 'promised', limits, effectiveFrom: '2025-01-01' }, admin, setup);
  await run('DefineServiceItem', { hallId: 'h1', itemCode: 'TX', version: 1, name: '税务登记', departmentId: 'tax', kind: 'promised', limits, effectiveFrom: '2025-01-01' }, admin, setup);
  const open = async (caseId: string, itemCode: string, desk: Actor, window: string, at: string) => {
    await run('SubmitApplication', { caseId, caseNo: caseId, hallId: 'h1', itemCode, channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请书'] }, desk, at);
    await run('AcceptCase', { caseId, windowId: window, staffId: desk.id }, desk, at);
  };
  /** Entered on `recordedAt` by the department's approver: the step happened at `at`. */
  const late = (caseId: string, entry: { type: string; data: Record<string, unknown> }, by: Actor, at: string, recordedAt: string) =>
    run('RecordLateEntry', { caseId, reason: '系统停机，纸质记录补录', entry }, by, at, recordedAt);
  return { store, run, open, late };
};

describe('lateEntries 补录 figure, per staff and per department', () => {
  it('given two late entries by the market approver and one by the tax approver in March, then lateEntries counts 3, by staff a1: 2, a2: 1, by department market: 2, tax: 1', async () => {
    const hall = await givenHall();
    await hall.open('m1', 'SC', clerk, 'w1', '2025-03-04T09:00:00+08:00');
    await hall.open('t1', 'TX', taxClerk, 'w2', '2025-03-04T09:10:00+08:00');
    await hall.late('m1', { type: 'CompleteStep', data: { caseId: 'm1', step: '审查', action: 'pass' } }, approver, '2025-03-05T10:00:00+08:00', '2025-03-10T10:00:00+08:00');
    await hall.late('m1', { type: 'MakeDecision', data: { caseId: 'm1', outcome: 'approved' } }, approver, '2025-03-06T10:00:00+08:00', '2025-03-10T10:01:00+08:00');
    await hall.late('t1', { type: 'MakeDecision', data: { caseId: 't1', outcome: 'approved' } }, taxApprover, '2025-03-06T11:00:00+08:00', '2025-03-11T10:00:00+08:00');
    // the completion is recorded on time: no late entry
    await hall.run('CompleteCase', { caseId: 'm1', result: 'issued' }, clerk, '2025-03-11T11:00:00+08:00');

    const state = (await rebuild(hall.store, [caseFactsProjection])).states.caseFacts as CaseFactsState;
    const period = { from: '2025-03-01', to: '2025-04-01' };
    expect(computeFigures(state, { period, hall: 'h1' }).figures.lateEntries).toMatchObject({ value: 3, definition: 'lateEntries@1' });
    const byStaff = computeFigures(state, { period, hall: 'h1', by: 'staff' }).groups!.map((g) => [g.key, g.figures.lateEntries?.value]);
    expect(byStaff.filter(([, v]) => v !== 0)).toEqual([['a1', 2], ['a2', 1]]);
    const byDepartment = computeFigures(state, { period, hall: 'h1', by: 'department' }).groups!.map((g) => [g.key, g.figures.lateEntries?.value]);
    expect(byDepartment).toEqual([['market', 2], ['tax', 1]]);
    // counted when recorded: none in February
    expect(computeFigures(state, { period: { from: '2025-02-01', to: '2025-03-01' }, hall: 'h1' }).figures.lateEntries).toMatchObject({ value: 0 });
  });
});
