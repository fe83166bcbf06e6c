import { caseStream, type Command, type CommandHandler, type DomainEvent } from '@banjian/core';
import { left, right } from 'fp-ts/lib/Either';

/**
 * A small case decider over real event types, for the contract's engine cases and the append
 * benchmark: submit (收件), record a visit (到厅), reject (不予受理). Illegal transitions are errors.
 */
export type IntakeCommand =
  | Command<'SubmitApplication', { caseId: string; itemCode: string; materials: string[] }>
  | Command<'RecordVisit', { caseId: string; purpose: 'supplement' | 'enquire' }>
  | Command<'RejectApplication', { caseId: string; reason: string; legalBasis: string }>;

export type IntakeEvent = DomainEvent<'ApplicationSubmitted'> | DomainEvent<'VisitRecorded'> | DomainEvent<'CaseRejected'>;

export interface IntakeState {
  status: 'none' | 'submitted' | 'rejected';
  visits: number;
}

export interface IntakeError {
  kind: 'intake';
  caseId: string;
  status: IntakeState['status'];
  message: string;
}

const refuse = (caseId: string, state: IntakeState, rule: string) =>
  left<IntakeError>({ kind: 'intake', caseId, status: state.status, message: `case ${caseId} is ${state.status}: ${rule}` });

export const intakeHandler: CommandHandler<IntakeCommand, IntakeEvent, IntakeState, IntakeError> = {
  streamId: (command) => caseStream(command.data.caseId),
  decider: {
    initialState: () => ({ status: 'none', visits: 0 }),
    evolve: (state, event) => {
      switch (event.type) {
        case 'ApplicationSubmitted':
          return { ...state, status: 'submitted' };
        case 'VisitRecorded':
          return { ...state, visits: state.visits + 1 };
        case 'CaseRejected':
          return { ...state, status: 'rejected' };
      }
    },
    decide: (command, state) => {
      const { caseId } = command.data;
      switch (command.type) {
        case 'SubmitApplication':
          if (state.status !== 'none') return refuse(caseId, state, 'an application is submitted once');
          return right([
            {
              type: 'ApplicationSubmitted',
              data: {
                caseId,
                caseNo: `2025-${caseId}`,
                hallId: 'hall-1',
                itemCode: command.data.itemCode,
                channel: 'window',
                applicant: { type: 'person', ref: `applicant-${caseId}` },
                materials: command.data.materials,
              },
            },
          ]);
        case 'RecordVisit':
          if (state.status !== 'submitted') return refuse(caseId, state, 'visits are recorded on open cases');
          return right([{ type: 'VisitRecorded', data: { caseId, purpose: command.data.purpose } }]);
        case 'RejectApplication':
          if (state.status !== 'submitted') return refuse(caseId, state, 'only a submitted application can be rejected');
          return right([{ type: 'CaseRejected', data: { caseId, reason: command.data.reason, legalBasis: command.data.legalBasis } }]);
      }
    },
  },
};

/** A command of the sample decider with its metadata; `n` orders the business time. */
export const intakeCommand = <C extends IntakeCommand>(type: C['type'], data: C['data'], commandId: string, at: string): C =>
  ({ type, data, metadata: { commandId, actor: { kind: 'staff', id: 'staff-1', windowId: 'window-1' }, at } }) as C;
