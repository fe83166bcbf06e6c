import type { Actor, AnyCommand, CaseCommandOf, CaseCommandType } from '@banjian/core';
import type { PlannedCommand } from './agenda';
import type { Moment, Timeline } from './timeline';

/**
 * One case's commands as they will be sent, in time order: `send` records a command at a moment
 * (never before the previous one, so the stream's business times never go back).
 */
export interface CaseScript {
  readonly caseId: string;
  /** The moment of the last command sent. */
  readonly now: Moment;
  send<K extends CaseCommandType>(type: K, data: Omit<CaseCommandOf<K>['data'], 'caseId'>, actor: Actor, at: Moment): void;
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
    commands,
  };
};
