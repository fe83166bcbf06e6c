import type { Actor, AnyCommand, CaseCommandOf, CaseCommandType } from '@banjian/core';
import type { PlannedCommand } from './agenda';
import { isBefore, type Moment, type Timeline } from './timeline';

/**
 * One case's commands as they will be sent, in time order: `send` records a command at a moment
 * (never before the previous one, so the stream's business times never go back).
 */
export interface CaseScript {
  readonly caseId: string;
  /** The moment of the last command sent. */
  readonly now: Moment;
  send<K extends CaseCommandType>(type: K, data: Omit<CaseCommandOf<K>['data'], 'caseId'>, actor: Actor, at: Moment): void;
  /**
   * A late entry 补录: the command happened at `business` and is recorded at `recorded` by `actor`
   * (an approver or chief representative) through `RecordLateEntry` with its reason.
   */
  sendLate<K extends CaseCommandType>(type: K, data: Omit<CaseCommandOf<K>['data'], 'caseId'>, actor: Actor, business: Moment, recorded: Moment, reason: string): void;
  readonly commands: readonly PlannedCommand[];
}

export const caseScript = (caseId: string, start: Moment, timeline: Timeline): CaseScript => {
  const commands: PlannedCommand[] = [];
  let now = start;
  return {
    caseId,
    get now() {
      return now;
    },
    send(type, data, actor, at) {
      if (at.day < now.day || (at.day === now.day && at.minute < now.minute)) {
        throw new RangeError(`case ${caseId}: ${type} planned before the previous command`);
      }
      now = at;
      const command = { type, data: { caseId, ...data }, metadata: { commandId: `${caseId}/${commands.length + 1}`, actor, at: timeline.instant(at) } };
      commands.push({ at, command: command as unknown as AnyCommand });
    },
    sendLate(type, data, actor, business, recorded, reason) {
      if (isBefore(business, now) || isBefore(recorded, business)) {
        throw new RangeError(`case ${caseId}: late ${type} planned before the previous command or recorded before it happened`);
      }
      now = recorded;
      const command = {
        type: 'RecordLateEntry',
        data: { caseId, reason, entry: { type, data: { caseId, ...data } } },
        metadata: { commandId: `${caseId}/${commands.length + 1}`, actor, at: timeline.instant(business) },
      };
      commands.push({ at: recorded, command: command as unknown as AnyCommand, engineAt: timeline.instant(recorded) });
    },
    commands,
  };
};
