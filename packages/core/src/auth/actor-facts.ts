import type { Actor } from '../events/primitives';
import type { Directory } from '../org/directory';
import type { AuthorizationDecision } from './policy';

const refuse = (rule: string, reason: string): AuthorizationDecision => ({ allowed: false, rule, reason });

/**
 * What an actor claims about where they sit — `windowId`, `departmentId` — checked against the
 * directory (brief: "department and window from the directory"): staff sit at their registered
 * window and department, a device at its window, a department actor is its own department;
 * applicants, agents and the system claim neither. Undefined when every claim holds. Staff not
 * registered at the hall are left to the policy (`auth.staff.unknown`).
 */
export const actorClaimRefusal = (directory: Directory, hallId: string | undefined, actor: Actor): AuthorizationDecision | undefined => {
  const { windowId, departmentId } = actor;
  if (windowId === undefined && departmentId === undefined) return undefined;
  const who = `${actor.kind} ${actor.id}`;
  if (hallId !== undefined && windowId !== undefined && !directory.window(hallId, windowId)) {
    return refuse('actor.window.registered', `${who} claims window ${windowId}, which is not registered at hall ${hallId}`);
  }
  if (hallId !== undefined && departmentId !== undefined && !directory.department(hallId, departmentId)) {
    return refuse('actor.department.registered', `${who} claims department ${departmentId}, which is not registered at hall ${hallId}`);
  }
  const own = ((): { windowId?: string | undefined; departmentId?: string | undefined } | undefined => {
    if (hallId === undefined) return undefined;
    switch (actor.kind) {
      case 'staff':
        return directory.staff(hallId, actor.id);
      case 'device': {
        const device = directory.device(hallId, actor.id);
        return device && { windowId: device.windowId, departmentId: directory.window(hallId, device.windowId)?.departmentId };
      }
      case 'department':
        return { departmentId: actor.id };
      default:
        return {};
    }
  })();
  if (own === undefined) return undefined;
  if (windowId !== undefined && windowId !== own.windowId) {
    return refuse('actor.window.notTheirs', `${who} claims window ${windowId}; the directory has ${own.windowId ?? 'no window'}`);
  }
  if (departmentId !== undefined && departmentId !== own.departmentId) {
    return refuse('actor.department.notTheirs', `${who} claims department ${departmentId}; the directory has ${own.departmentId ?? 'no department'}`);
  }
  return undefined;
};

/**
 * The actor as the directory knows them: a staff member's window and department, a device's window
 * (and that window's department), filled in where the command left them out. Claims are checked
 * first (`actorClaimRefusal`), so filling never contradicts one; other actors are kept as sent.
 */
export const actorWithDirectoryFacts = (directory: Directory, hallId: string | undefined, actor: Actor): Actor => {
  if (hallId === undefined || (actor.windowId !== undefined && actor.departmentId !== undefined)) return actor;
  const sits =
    actor.kind === 'staff'
      ? directory.staff(hallId, actor.id)
      : actor.kind === 'device'
        ? (() => {
            const device = directory.device(hallId, actor.id);
            return device && { windowId: device.windowId, departmentId: directory.window(hallId, device.windowId)?.departmentId };
          })()
        : undefined;
  if (!sits) return actor;
  const windowId = actor.windowId ?? sits.windowId;
  const departmentId = actor.departmentId ?? sits.departmentId;
  return { ...actor, ...(windowId === undefined ? {} : { windowId }), ...(departmentId === undefined ? {} : { departmentId }) };
};
