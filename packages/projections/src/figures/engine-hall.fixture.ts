import { createCommandEngine, createCommandHandlers, createDirectory, createInMemoryEventStore, type Actor, type AnyCommand } from '@banjian/core';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { rebuild } from '../runner/rebuild';

const admin: Actor = { kind: 'system', id: 'hall-admin' };
export const clerk: Actor = { kind: 'staff', id: 's1' };
export const taxClerk: Actor = { kind: 'staff', id: 's2' };
export const approver: Actor = { kind: 'staff', id: 'a1' };
export const taxApprover: Actor = { kind: 'staff', id: 'a2' };
const limits = { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } };

/** A hall with a market and a tax department, on simulated time: the engine's clock is moved to each recording. */
export const givenHall = async () => {
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
  /** The case facts of everything run so far. */
  const facts = async () => (await rebuild(store, [caseFactsProjection])).states.caseFacts as CaseFactsState;
  return { store, run, open, late, facts };
};

