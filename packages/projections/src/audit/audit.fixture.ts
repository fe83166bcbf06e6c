import {
  createCommandEngine,
  createCommandHandlers,
  createDirectory,
  createInMemoryEventStore,
  DEFAULT_MAX_SKEW_MS,
  defaultAuthorizationPolicy,
  type Actor,
  type AnyCommand,
  type AppendOptions,
  type EventToAppend,
  type AuthorizationPolicy,
  type InMemoryEventStore,
  type StoredEvent,
} from '@banjian/core';
import { rebuild } from '../runner/rebuild';
import { auditFromState, type AuditOptions, type AuditReport } from './report';
import { auditProjection } from './projection';
import type { AuditState } from './trace';

/**
 * A small hall driven through the real engine and deciders, whose store stamps `recordedAt` from
 * a clock the test moves: an entry recorded after the fact (补录) is a command whose business
 * time `at` is earlier than the recording time.
 */
export interface AuditHall {
  readonly store: InMemoryEventStore;
  /**
   * Runs a command at business time `at`, recorded at `recordedAt` (default: `at`); returns its
   * events. Recorded later than the engine's skew allows, it goes in as a late entry 补录
   * (`RecordLateEntry`) by the approver of the case's department; or, `via: 'legacyWriter'`, as a
   * writer beside the engine would store it (the engine's clock at `at`, the store stamping
   * `recordedAt`: an import from a legacy system, which no engine bound sees).
   */
  run(type: string, data: Record<string, unknown>, actor: Actor, at: string, recordedAt?: string, via?: Via): Promise<readonly StoredEvent[]>;
  /** Submits and accepts a case of `itemCode` (SC-001: market, 5 working days promised), `applicant` its ref. */
  open(caseId: string, at: string, options?: { itemCode?: string; applicant?: string; acceptAt?: string; recordedAt?: string; via?: Via }): Promise<void>;
  /** Decides approved and completes, at `at` (+1 minute). */
  close(caseId: string, at: string, recordedAt?: string, via?: Via): Promise<void>;
  audit(options?: Partial<AuditOptions>): Promise<AuditReport>;
}

export type Via = 'lateEntry' | 'legacyWriter';

export const clerk: Actor = { kind: 'staff', id: 's1', windowId: 'w1', departmentId: 'market' };
export const taxClerk: Actor = { kind: 'staff', id: 's2', windowId: 'w2', departmentId: 'tax' };
export const approver: Actor = { kind: 'staff', id: 'a1', departmentId: 'market' };
export const taxApprover: Actor = { kind: 'staff', id: 'a2', departmentId: 'tax' };
export const pad: Actor = { kind: 'device', id: 'pad1' };
const admin: Actor = { kind: 'system', id: 'hall-admin' };

const limits = (promised: number, statutory: number) => ({ statutory: { value: statutory, unit: 'workingDays' }, promised: { value: promised, unit: 'workingDays' } });

/** A hall policy that lets staff record evaluations (a legacy system's), for the staffEvaluation finding. */
export const staffMayEvaluate: AuthorizationPolicy = (req) =>
  req.command.type === 'SubmitEvaluation' && req.command.metadata.actor.kind === 'staff' ? { allowed: true } : defaultAuthorizationPolicy(req);

export const givenAuditHall = async (options: { authorization?: AuthorizationPolicy } = {}): Promise<AuditHall> => {
  const recording: { at: string; storeStamp?: string } = { at: '2025-03-03T08:00:00+08:00' };
  const inner = createInMemoryEventStore({ now: () => recording.at });
  const stamped = (events: readonly EventToAppend[]) => (recording.storeStamp ? events.map((e) => ({ ...e, recordedAt: recording.storeStamp })) : events);
  const store: InMemoryEventStore = Object.assign(Object.create(inner) as InMemoryEventStore, {
    appendToStream: (streamId: string, events: readonly EventToAppend[], options?: AppendOptions) => inner.appendToStream(streamId, stamped(events), options),
  });
  const directory = createDirectory();
  const handlerOf = createCommandHandlers({ directory, ...(options.authorization ? { authorization: options.authorization } : {}) });
  const engine = createCommandEngine({ store, now: () => recording.at });
  let sequence = 0;
  const run: AuditHall['run'] = async (type, data, actor, at, recordedAt = at, via = 'lateEntry') => {
    const legacy = via === 'legacyWriter';
    recording.at = legacy ? at : recordedAt;
    recording.storeStamp = legacy ? recordedAt : undefined;
    const late = !legacy && Date.parse(recordedAt) - Date.parse(at) > DEFAULT_MAX_SKEW_MS;
    const caseId = String(data['caseId']);
    const command = (
      late
        ? { type: 'RecordLateEntry', data: { caseId, reason: '系统停机后补录', entry: { type, data } }, metadata: { commandId: `audit-${++sequence}`, actor: caseId.startsWith('tax') ? taxApprover : approver, at } }
        : { type, data, metadata: { commandId: `audit-${++sequence}`, actor, at } }
    ) as unknown as AnyCommand;
    const result = await engine.handle(handlerOf(command), command);
    if (result._tag === 'Left') throw new Error(`${type} refused: ${JSON.stringify(result.left)}`);
    for (const event of result.right.events) directory.apply(event);
    return result.right.events;
  };
  const setup = '2025-03-03T08:00:00+08:00';
  await run('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' }, admin, setup);
  for (const [departmentId, name] of [['market', '市场监管局'], ['tax', '税务局']]) await run('RegisterDepartment', { hallId: 'h1', departmentId, name }, admin, setup);
  await run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' }, admin, setup);
  await run('OpenWindow', { hallId: 'h1', windowId: 'w2', kind: 'department', departmentId: 'tax' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 's1', role: 'windowStaff', departmentId: 'market', windowId: 'w1' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 's2', role: 'windowStaff', departmentId: 'tax', windowId: 'w2' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 'a1', role: 'approver', departmentId: 'market' }, admin, setup);
  await run('RegisterStaff', { hallId: 'h1', staffId: 'a2', role: 'approver', departmentId: 'tax' }, admin, setup);
  await run('InstallDevice', { hallId: 'h1', deviceId: 'pad1', windowId: 'w1' }, admin, setup);
  await run('DefineServiceItem', { hallId: 'h1', itemCode: 'SC-001', version: 1, name: '食品经营许可', departmentId: 'market', kind: 'promised', limits: limits(5, 20), effectiveFrom: '2025-01-01' }, admin, setup);
  await run('DefineServiceItem', { hallId: 'h1', itemCode: 'TX-001', version: 1, name: '税务登记', departmentId: 'tax', kind: 'promised', limits: limits(5, 20), effectiveFrom: '2025-01-01' }, admin, setup);

  const open: AuditHall['open'] = async (caseId, at, o = {}) => {
    const itemCode = o.itemCode ?? 'SC-001';
    const desk = itemCode === 'TX-001' ? taxClerk : clerk;
    const ref = o.applicant ?? `p-${caseId}`;
    await run('SubmitApplication', { caseId, caseNo: `N-${caseId}`, hallId: 'h1', itemCode, channel: 'window', applicant: { type: 'person', ref }, materials: ['申请书'] }, desk, at, o.recordedAt ?? at, o.via);
    const acceptAt = o.acceptAt ?? new Date(Date.parse(at) + 20 * 60_000).toISOString();
    await run('AcceptCase', { caseId, windowId: desk.windowId, staffId: desk.id }, desk, acceptAt, o.recordedAt ?? acceptAt, o.via);
  };
  const close: AuditHall['close'] = async (caseId, at, recordedAt, via) => {
    const desk = caseId.startsWith('tax') ? taxClerk : clerk;
    await run('MakeDecision', { caseId, outcome: 'approved' }, desk, at, recordedAt ?? at, via);
    const completeAt = new Date(Date.parse(at) + 60_000).toISOString();
    await run('CompleteCase', { caseId, result: 'issued' }, desk, completeAt, recordedAt ? new Date(Date.parse(recordedAt) + 60_000).toISOString() : completeAt, via);
  };
  const audit: AuditHall['audit'] = async (o = {}) => {
    const { states } = await rebuild(store, [auditProjection]);
    return auditFromState(states[auditProjection.name] as AuditState, { from: '2025-03-01', to: '2025-05-01', ...o });
  };
  return { store, run, open, close, audit };
};
