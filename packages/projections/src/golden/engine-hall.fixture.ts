import { caseStream, createCaseDecider, createInMemoryEventStore, type Actor, type CaseState, type ClockFor, type HallPolicy, type InMemoryEventStore, type StoredEvent } from '@banjian/core';
import { createCommandRunner } from './command-runner';

/**
 * A county hall run through the real deciders and the command engine on simulated time: every
 * test log built here holds exactly what a hall system's commands would have recorded.
 * Departments market (市场监管) and tax (税务), a department window each and a 综合窗口; clerks,
 * an approver and a supervisor per department; items with 5/20 and 3/10 working-day limits.
 */
export const ADMIN: Actor = { kind: 'system', id: 'admin' };
export const CLERK: Actor = { kind: 'staff', id: 'clerk-m' };
export const CLERK_TAX: Actor = { kind: 'staff', id: 'clerk-t' };
export const APPROVER: Actor = { kind: 'staff', id: 'approver-m' };
export const APPLICANT = (ref: string): Actor => ({ kind: 'applicant', id: ref });
export const SCHEDULER: Actor = { kind: 'system', id: 'alert-scheduler' };

export interface EngineHallOptions {
  /** The hall's own policy (restart or resume after a correction, evaluation handling…). */
  readonly policy?: Partial<HallPolicy>;
  /** Simulated time the hall is set up at (ISO-8601 with offset). */
  readonly setupAt?: string;
}

export interface EngineHall {
  readonly store: InMemoryEventStore;
  /** The hall's clock resolver over the directory the commands built (latest or a pinned calendar version). */
  readonly clockFor: ClockFor;
  /** The case as the case decider folded it (core's view, to compare every projection with). */
  coreState(caseId: string): Promise<CaseState>;
  /**
   * Sends a command at business time `at`, the engine's clock moved to `recordedAt` (default `at`)
   * first: later than the skew allows, only a late entry 补录 (`RecordLateEntry`) goes in. Throws on a refusal.
   */
  run(type: string, data: Record<string, unknown>, actor: Actor, at: string, recordedAt?: string): Promise<StoredEvent[]>;
  /** Sends a command as `run` does; the refusal (or the events) as a value. */
  attempt(type: string, data: Record<string, unknown>, actor: Actor, at: string, recordedAt?: string): Promise<{ refused?: { kind: string; rule?: string; message: string }; events: StoredEvent[] }>;
  /** Submits and accepts a case of an item at `at` (`submission` adds optional application data, e.g. `investment`). */
  accept(caseId: string, at: string, itemCode?: string, acceptAt?: string, submission?: Record<string, unknown>): Promise<StoredEvent[]>;
}

export const createEngineHall = async (options: EngineHallOptions = {}): Promise<EngineHall> => {
  const store = createInMemoryEventStore();
  const runner = createCommandRunner(store, options.policy ? { policy: options.policy } : {});
  const caseDecider = createCaseDecider(runner.context);
  const setup = options.setupAt ?? '2024-01-02T08:00:00+08:00';
  const attempt: EngineHall['attempt'] = async (type, data, actor, at, recordedAt) => {
    const { refused, events } = await runner.attempt({ type, data, actor, at }, recordedAt);
    return refused ? { refused, events: [] } : { events: [...events] };
  };
  const run: EngineHall['run'] = async (type, data, actor, at, recordedAt) => [...(await runner.run({ type, data, actor, at }, recordedAt))];

  const hallId = 'h1';
  await run('RegisterHall', { hallId, name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' }, ADMIN, setup);
  for (const [departmentId, name] of [['market', '市场监管局'], ['tax', '税务局']] as const) {
    await run('RegisterDepartment', { hallId, departmentId, name }, ADMIN, setup);
  }
  await run('OpenWindow', { hallId, windowId: 'w-m', kind: 'department', departmentId: 'market' }, ADMIN, setup);
  await run('OpenWindow', { hallId, windowId: 'w-t', kind: 'department', departmentId: 'tax' }, ADMIN, setup);
  await run('OpenWindow', { hallId, windowId: 'w-g', kind: 'general' }, ADMIN, setup);
  const staff = [
    { staffId: 'clerk-m', role: 'windowStaff', departmentId: 'market', windowId: 'w-m' },
    { staffId: 'clerk-m2', role: 'windowStaff', departmentId: 'market', windowId: 'w-m' },
    { staffId: 'clerk-t', role: 'windowStaff', departmentId: 'tax', windowId: 'w-t' },
    { staffId: 'clerk-g', role: 'windowStaff', windowId: 'w-g' },
    { staffId: 'approver-m', role: 'approver', departmentId: 'market' },
    { staffId: 'approver-t', role: 'approver', departmentId: 'tax' },
    { staffId: 'super-1', role: 'supervisor' },
  ];
  for (const s of staff) await run('RegisterStaff', { hallId, ...s }, ADMIN, setup);
  const items = [
    { itemCode: 'SC-5', name: '食品经营许可', departmentId: 'market', statutory: 20, promised: 5 },
    { itemCode: 'SC-3', name: '个体工商户登记', departmentId: 'market', statutory: 10, promised: 3 },
    { itemCode: 'TX-5', name: '税务登记', departmentId: 'tax', statutory: 20, promised: 5 },
  ];
  for (const i of items) {
    await run('DefineServiceItem', {
      hallId, itemCode: i.itemCode, version: 1, name: i.name, departmentId: i.departmentId, kind: 'promised',
      limits: { statutory: { value: i.statutory, unit: 'workingDays' }, promised: { value: i.promised, unit: 'workingDays' } }, effectiveFrom: '2015-01-01',
    }, ADMIN, setup);
  }

  const accept: EngineHall['accept'] = async (caseId, at, itemCode = 'SC-5', acceptAt = at, submission = {}) => {
    const clerk = itemCode.startsWith('TX') ? CLERK_TAX : CLERK;
    const window = itemCode.startsWith('TX') ? 'w-t' : 'w-m';
    await run('SubmitApplication', {
      caseId, caseNo: `NO-${caseId}`, hallId, itemCode, channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请书'], ...submission,
    }, clerk, at);
    return run('AcceptCase', { caseId, windowId: window, staffId: clerk.id }, clerk, acceptAt);
  };

  const coreState = async (caseId: string) => (await runner.engine.load(caseDecider, caseStream(caseId))).state;
  return { store, clockFor: runner.context.clockFor, coreState, run, attempt, accept };
};
