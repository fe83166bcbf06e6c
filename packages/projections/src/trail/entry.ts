import type { ActorKind, StoredEvent } from '@banjian/core';
import { describeChange } from './change';
import { labelOf, type EventLabel } from './labels';

/** One line of an audit trail (审计轨迹): who did what, when, where, and the hash that seals it. */
export interface TrailEntry {
  readonly streamPosition: number;
  readonly globalPosition: number;
  readonly eventId: string;
  readonly type: string;
  readonly label: EventLabel;
  /** Business time of the event. */
  readonly occurredAt: string;
  /** When the store received it. */
  readonly recordedAt: string;
  readonly actor: { readonly kind: ActorKind; readonly id: string };
  readonly windowId?: string;
  readonly departmentId?: string;
  /** What changed, one readable line. */
  readonly change: string;
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly prevHash: string;
  readonly hash: string;
}

const dataString = (data: unknown, key: string): string | undefined => {
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The trail entry of a stored event. Window and department are the actor's; where the actor names
 * none, the ones the event itself is about (the accepting window, the alerted department).
 */
export const trailEntryOf = (event: StoredEvent): TrailEntry => {
  const windowId = event.actor.windowId ?? dataString(event.data, 'windowId');
  const departmentId = event.actor.departmentId ?? dataString(event.data, 'departmentId');
  return {
    streamPosition: event.streamPosition,
    globalPosition: event.globalPosition,
    eventId: event.eventId,
    type: event.type,
    label: labelOf(event.type),
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: { kind: event.actor.kind, id: event.actor.id },
    ...(windowId === undefined ? {} : { windowId }),
    ...(departmentId === undefined ? {} : { departmentId }),
    change: describeChange(event),
    ...(event.commandId === undefined ? {} : { commandId: event.commandId }),
    ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
    ...(event.causationId === undefined ? {} : { causationId: event.causationId }),
    prevHash: event.prevHash,
    hash: event.hash,
  };
};
