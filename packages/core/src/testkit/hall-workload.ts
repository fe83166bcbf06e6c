import { createCommandHandlers } from '../case/handlers';
import type { AnyCommand } from '../case/routing';
import { createCommandEngine, type CommandEngine } from '../engine/engine';
import { createDirectory, type Directory } from '../org/directory';
import type { StoredEvent } from '../events/envelope';
import type { EventStore } from '../store/port';

/**
 * A workload for benches and drills (the append benches, the PostgreSQL failover drill): the real
 * case decider (`createCommandHandlers`) over a hall set up through commands — hall, department, window, staff, one promised item — and cases that each live
 * through SubmitApplication → AcceptCase → CompleteStep → MakeDecision → CompleteCase →
 * SubmitEvaluation, as a window clerk and then the applicant would drive them.
 */
export const STEPS_PER_CASE = 6;

const admin = { kind: 'system', id: 'hall-admin' } as const;
const clerk = { kind: 'staff', id: 's1', windowId: 'w1', departmentId: 'market' } as const;
const setupAt = '2025-01-02T08:30:00+08:00';

/** Business time of step `step` of a case: Monday 2025-03-03 09:00 (+08:00) plus a minute a step. */
const at = (step: number) => new Date(Date.UTC(2025, 2, 3, 1) + step * 60_000).toISOString();

export interface HallWorkload {
  directory: Directory;
  engine: CommandEngine;
  /** Handle one command through the engine; throws when it is refused. */
  run(command: AnyCommand): Promise<void>;
  /** Handle one command; its events, and whether the stream already held them (the same `commandId` sent before). */
  send(command: AnyCommand): Promise<{ events: readonly StoredEvent[]; alreadyDone: boolean }>;
  /** The `step`-th command (0…5) of case `caseId`. */
  command(caseId: string, step: number): AnyCommand;
}

export const createHallWorkload = async (store: EventStore, engineOptions: { cacheSize?: number } = {}): Promise<HallWorkload> => {
  const directory = createDirectory();
  const handlerOf = createCommandHandlers({ directory });
  // Simulated time: the engine's clock stands at the setup, then in the middle of the cases' six minutes.
  let simulatedNow = setupAt;
  const engine = createCommandEngine({ store, ...engineOptions, now: () => simulatedNow });
  const send = async (command: AnyCommand) => {
    const result = await engine.handle(handlerOf(command), command);
    if (result._tag === 'Left') throw new Error(`bench command ${command.type} refused: ${JSON.stringify(result.left)}`);
    return { events: result.right.events as readonly StoredEvent[], alreadyDone: result.right.alreadyDone };
  };
  const handle = async (command: AnyCommand) => (await send(command)).events;
  const run = async (command: AnyCommand) => void (await handle(command));
  let setup = 0;
  // Organisation events feed the directory the case decider reads.
  const admin$ = async (type: string, data: object) => {
    const events = await handle({ type, data, metadata: { commandId: `setup-${++setup}`, actor: admin, at: setupAt } } as AnyCommand);
    for (const event of events) directory.apply(event);
  };
  await admin$('RegisterHall', {
    hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai',
    officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
  });
  await admin$('RegisterDepartment', { hallId: 'h1', departmentId: 'market', name: '市场监管局' });
  await admin$('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' });
  await admin$('RegisterStaff', { hallId: 'h1', staffId: 's1', role: 'windowStaff', departmentId: 'market', windowId: 'w1' });
  await admin$('DefineServiceItem', {
    hallId: 'h1', itemCode: 'SC-001', version: 1, name: '食品经营许可', departmentId: 'market', kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } }, effectiveFrom: '2025-01-01',
  });
  simulatedNow = at(STEPS_PER_CASE / 2);

  const command = (caseId: string, step: number): AnyCommand => {
    const metadata = { commandId: `${caseId}/${step}`, actor: clerk as object, at: at(step) };
    const of = (type: string, data: object) => ({ type, data, metadata }) as AnyCommand;
    switch (step) {
      case 0:
        return of('SubmitApplication', {
          caseId, caseNo: `NO-${caseId}`, hallId: 'h1', itemCode: 'SC-001', channel: 'window',
          applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['身份证', '申请表'],
        });
      case 1:
        return of('AcceptCase', { caseId, windowId: 'w1', staffId: 's1' });
      case 2:
        return of('CompleteStep', { caseId, step: '审查', action: 'pass', opinion: '材料齐全，符合法定形式' });
      case 3:
        return of('MakeDecision', { caseId, outcome: 'approved' });
      case 4:
        return of('CompleteCase', { caseId, result: 'issued' });
      case 5:
        return {
          type: 'SubmitEvaluation',
          data: { caseId, evaluationId: `e-${caseId}`, level: 5, channel: 'qr', round: 'first', realName: true },
          metadata: { ...metadata, actor: { kind: 'applicant', id: `p-${caseId}` } },
        } as AnyCommand;
      default:
        throw new RangeError(`a bench case has ${STEPS_PER_CASE} steps, not step ${step}`);
    }
  };
  return { directory, engine, run, send, command };
};
