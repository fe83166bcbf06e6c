import { createCommandEngine, createCommandHandlers, createDirectory, type AnyCommand, type EventStore, type StoredEvent } from '@banjian/core';
import { buildReport, trailOf } from '@banjian/projections';
import { isLeft } from 'fp-ts/lib/Either';

/** The README's five-minute tour: one hall, one case from application to evaluation, its report and trail. */
export const tour = async (store: EventStore) => {
  const directory = createDirectory(); // halls, windows, staff, catalogue, calendars — folded from events
  const handlerOf = createCommandHandlers({ directory }); // case, complaint, consultation, hall, catalogue, calendar
  // The tour runs on simulated time: the engine's clock is moved to each command (by default it is the
  // system clock, and a command dated more than 5 minutes from it must be a late entry 补录).
  let now = '2025-09-01T08:30:00+08:00';
  const engine = createCommandEngine({ store, now: () => now }); // decode → load → decide → append (optimistic, retried)

  let sequence = 0;
  const run = async (type: string, data: object, actor: object, at: string) => {
    now = at;
    const command = { type, data, metadata: { commandId: `tour-${++sequence}`, actor, at } } as AnyCommand;
    const result = await engine.handle(handlerOf(command), command);
    if (isLeft(result)) throw new Error(`${type} refused: ${JSON.stringify(result.left)}`); // typed: kind, state, rule
    for (const event of result.right.events) directory.apply(event);
    return result.right.events as readonly StoredEvent[];
  };

  const admin = { kind: 'system', id: 'hall-admin' };
  const clerk = { kind: 'staff', id: 's1' };
  const setup = '2025-09-01T08:30:00+08:00';
  await run('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai',
    officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' }, admin, setup);
  await run('RegisterDepartment', { hallId: 'h1', departmentId: 'market', name: '市场监管局' }, admin, setup);
  await run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 's1', role: 'windowStaff', departmentId: 'market', windowId: 'w1' }, admin, setup);
  await run('DefineServiceItem', { hallId: 'h1', itemCode: 'SC-001', version: 1, name: '食品经营许可', departmentId: 'market',
    kind: 'promised', limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
    effectiveFrom: '2025-01-01' }, admin, setup);

  await run('SubmitApplication', { caseId: 'c1', caseNo: '2025-0001', hallId: 'h1', itemCode: 'SC-001', channel: 'window',
    applicant: { type: 'person', ref: 'p-7f3a' }, materials: ['申请书'] }, clerk, '2025-09-29T09:00:00+08:00');
  // Acceptance snapshots the limits and the calendar version; National Day 10-01..10-08 is skipped.
  const [accepted] = await run('AcceptCase', { caseId: 'c1', windowId: 'w1', staffId: 's1' }, clerk, '2025-09-29T09:30:00+08:00');
  await run('MakeDecision', { caseId: 'c1', outcome: 'approved' }, clerk, '2025-10-10T10:00:00+08:00');
  await run('CompleteCase', { caseId: 'c1', result: 'issued' }, clerk, '2025-10-10T10:05:00+08:00');
  await run('SubmitEvaluation', { caseId: 'c1', evaluationId: 'e1', level: 5, channel: 'qr', round: 'first', realName: true },
    { kind: 'applicant', id: 'p-7f3a' }, '2025-10-10T10:10:00+08:00');

  const report = await buildReport(store, { from: '2025-09-01', to: '2025-11-01', hall: 'h1' });
  const trail = await trailOf(store, 'c1');
  return { accepted, report, trail };
};
