import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { emit, decline, guardedDecide, type EventUnion } from '../auth/decision';
import { defaultAuthorizationPolicy } from '../auth/default-policy';
import type { DomainError } from '../auth/errors';
import type { AuthorizationPolicy } from '../auth/policy';
import type { Decider, RecordedEvent } from '../decider/decider';
import { consultationEventData } from '../events/org';
import { consultationStream } from '../events/streams';
import type { Directory } from '../org/directory';

/**
 * RecordConsultation 咨询/首问登记 (stream `consultation-<consultationId>`, appended with "no stream"):
 * not a case, counted for 咨询 figures.
 */
export const consultationCommandCodecs = {
  RecordConsultation: commandCodec('RecordConsultation', consultationEventData.ConsultationRecorded),
};

export type ConsultationCommand = CommandsOf<typeof consultationCommandCodecs>;
export const decodeConsultationCommand = commandDecoder(consultationCommandCodecs, 'consultation');
export type ConsultationEvent = EventUnion<'ConsultationRecorded'>;

/** The consultation recorded on this stream, if any (one stream a consultation, so the state never grows). */
export interface ConsultationState {
  readonly recordedId?: string;
}

export interface ConsultationContext {
  readonly directory: Directory;
  readonly authorization?: AuthorizationPolicy;
}

export const createConsultationDecider = (ctx: ConsultationContext): Decider<ConsultationCommand, ConsultationEvent, ConsultationState, DomainError> => ({
  initialState: () => ({}),
  // A plain fold: the state is replaced, never copied from a growing map.
  evolve: (_state: ConsultationState, event: RecordedEvent<ConsultationEvent>): ConsultationState => ({ recordedId: event.data.consultationId }),
  decide: guardedDecide<ConsultationCommand, ConsultationState, ConsultationEvent>({
    policy: ctx.authorization ?? defaultAuthorizationPolicy,
    directory: ctx.directory,
    scope: (c) => ({ streamId: consultationStream(c.data.consultationId), state: 'open' }),
    subject: (c) => ({ hallId: c.data.hallId }),
    rules: (c, s, scope) => {
      const { consultationId, hallId, windowId, itemCode } = c.data;
      const { directory } = ctx;
      if (s.recordedId !== undefined) return decline('conflict', scope, 'consultation.id.unique', `consultation ${consultationId} is already recorded`);
      if (!directory.hall(hallId)) return decline('notFound', scope, 'consultation.hall.registered', `hall ${hallId} is not registered`);
      if (windowId !== undefined && !directory.window(hallId, windowId)) return decline('notFound', scope, 'consultation.window.registered', `window ${windowId} is not registered`);
      if (itemCode !== undefined && !directory.item(hallId, itemCode)) return decline('notFound', scope, 'consultation.item.defined', `item ${itemCode} is not in the catalogue`);
      return emit<ConsultationEvent>({ type: 'ConsultationRecorded', data: c.data });
    },
  }),
});
