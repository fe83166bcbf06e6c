import { left, right, type Either } from 'fp-ts/lib/Either';
import * as t from 'io-ts';
import type { Command, Decider } from '../decider/decider';
import type { CommandHandler, DecodingCommandHandler } from '../engine/types';
import { decodeWith } from '../events/decode';
import type { DomainEvent, EventToAppend } from '../events/envelope';
import { Actor, closed, Instant, NonEmptyString } from '../events/primitives';
import { caseStream } from '../events/streams';

/**
 * Test support for the store, engine and test-kit suites: sample events of the real catalogue and
 * a tiny case-like decider (submit → accept | reject). The real case decider lives in `case/`.
 */

export const staff: Actor = { kind: 'staff', id: 'staff-1', windowId: 'window-1', departmentId: 'dept-1' };

export const submitted = (caseId: string): DomainEvent<'ApplicationSubmitted'> => ({
  type: 'ApplicationSubmitted',
  data: {
    caseId,
    caseNo: `NO-${caseId}`,
    hallId: 'hall-1',
    itemCode: 'ITEM-001',
    channel: 'window',
    applicant: { type: 'person', ref: `applicant-${caseId}` },
    materials: ['身份证', '申请表'],
  },
});

export const accepted = (caseId: string): DomainEvent<'CaseAccepted'> => ({
  type: 'CaseAccepted',
  data: {
    caseId,
    hallId: 'hall-1',
    windowId: 'window-1',
    departmentId: 'dept-1',
    staffId: 'staff-1',
    kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
    calendarVersion: 'cn@2025',
    promisedDueAt: '2025-03-11T17:30:00+08:00',
    statutoryDueAt: '2025-04-01T17:30:00+08:00',
    provisional: false,
  },
});

export const rejected = (caseId: string, reason = '不属于本机关职权范围'): DomainEvent<'CaseRejected'> => ({
  type: 'CaseRejected',
  data: { caseId, reason, legalBasis: '行政许可法 §32' },
});

/** An instant `minutes` after 09:00 on 2025-03-04, written with the +08:00 offset. */
export const at = (minutes = 0): string => {
  const shanghaiWallClock = Date.UTC(2025, 2, 4, 9, 0) + minutes * 60_000;
  return `${new Date(shanghaiWallClock).toISOString().slice(0, 19)}+08:00`;
};

export const visited = (caseId: string): DomainEvent<'VisitRecorded'> => ({ type: 'VisitRecorded', data: { caseId, purpose: 'enquire' } });

export const toAppend = (event: SampleEvent, occurredAt = at(), extra: Partial<EventToAppend> = {}): EventToAppend =>
  ({ ...event, occurredAt, actor: staff, ...extra }) as EventToAppend;

// --- the tiny decider ---------------------------------------------------------------------------

export type SampleEvent =
  | DomainEvent<'ApplicationSubmitted'>
  | DomainEvent<'CaseAccepted'>
  | DomainEvent<'CaseRejected'>
  | DomainEvent<'VisitRecorded'>;

export type SampleCommand =
  | Command<'Submit', { caseId: string }>
  | Command<'Accept', { caseId: string }>
  | Command<'Reject', { caseId: string; reason: string }>
  | Command<'Visit', { caseId: string }>;

export interface SampleState {
  status: 'none' | 'submitted' | 'accepted' | 'rejected';
  caseId?: string;
  history: string[];
  visits: number;
}

export interface SampleError {
  kind: 'illegalTransition';
  rule: string;
  caseId: string;
  state: SampleState['status'];
  message: string;
}

const refuse = (command: SampleCommand, state: SampleState, rule: string): Either<SampleError, readonly SampleEvent[]> =>
  left({
    kind: 'illegalTransition',
    rule,
    caseId: command.data.caseId,
    state: state.status,
    message: `case ${command.data.caseId} is ${state.status}: ${rule}`,
  });

export const sampleDecider: Decider<SampleCommand, SampleEvent, SampleState, SampleError> = {
  initialState: () => ({ status: 'none', history: [], visits: 0 }),
  decide(command, state) {
    const { caseId } = command.data;
    switch (command.type) {
      case 'Submit':
        return state.status === 'none' ? right([submitted(caseId)]) : refuse(command, state, 'submitOnce');
      case 'Accept':
        if (state.status === 'accepted') return right([]);
        return state.status === 'submitted' ? right([accepted(caseId)]) : refuse(command, state, 'acceptOnlySubmitted');
      case 'Reject':
        return state.status === 'submitted' ? right([rejected(caseId, command.data.reason)]) : refuse(command, state, 'rejectOnlySubmitted');
      case 'Visit':
        return state.status === 'none' ? refuse(command, state, 'visitAfterSubmit') : right([visited(caseId)]);
    }
  },
  evolve(state, event) {
    const history = [...state.history, `${event.type}@${event.occurredAt}`];
    switch (event.type) {
      case 'ApplicationSubmitted':
        return { ...state, status: 'submitted', caseId: event.data.caseId, history };
      case 'CaseAccepted':
        return { ...state, status: 'accepted', history };
      case 'CaseRejected':
        return { ...state, status: 'rejected', history };
      case 'VisitRecorded':
        return { ...state, visits: state.visits + 1, history };
    }
  },
};

let commandCounter = 0;

/** A command of the tiny decider with fresh metadata; `metadata` overrides what is given. */
export const sampleCommand = <T extends SampleCommand['type']>(
  type: T,
  data: Extract<SampleCommand, { type: T }>['data'],
  metadata: Partial<SampleCommand['metadata']> = {},
): Extract<SampleCommand, { type: T }> =>
  ({ type, data, metadata: { commandId: `cmd-${++commandCounter}`, actor: staff, at: at(commandCounter), ...metadata } }) as Extract<SampleCommand, { type: T }>;

export const sampleHandler: CommandHandler<SampleCommand, SampleEvent, SampleState, SampleError> = {
  decider: sampleDecider,
  streamId: (command) => caseStream(command.data.caseId),
};

const metadataCodec = closed('CommandMetadata', { commandId: NonEmptyString, actor: Actor, at: Instant }, { correlationId: NonEmptyString, causationId: NonEmptyString });
const caseRef = closed('CaseRef', { caseId: NonEmptyString });
const sampleCommandCodecs = {
  Submit: closed('Submit', { type: t.literal('Submit'), data: caseRef, metadata: metadataCodec }),
  Accept: closed('Accept', { type: t.literal('Accept'), data: caseRef, metadata: metadataCodec }),
  Reject: closed('Reject', { type: t.literal('Reject'), data: closed('RejectData', { caseId: NonEmptyString, reason: t.string }), metadata: metadataCodec }),
  Visit: closed('Visit', { type: t.literal('Visit'), data: caseRef, metadata: metadataCodec }),
};

/** The same handler, decoding unknown input at the boundary (by its `type`, so errors name the field). */
export const decodingSampleHandler: DecodingCommandHandler<SampleCommand, SampleEvent, SampleState, SampleError> = {
  ...sampleHandler,
  decode: (input) => {
    const type = (input as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(sampleCommandCodecs, type)) {
      return left({ kind: 'decode', field: 'command.type', reason: `unknown command ${JSON.stringify(type)}`, message: `command.type: unknown command ${JSON.stringify(type)}` });
    }
    const codec = sampleCommandCodecs[type as SampleCommand['type']] as t.Decoder<unknown, SampleCommand>;
    return decodeWith(codec, input, 'command');
  },
};
