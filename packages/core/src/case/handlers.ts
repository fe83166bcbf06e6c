import type { DomainError } from '../auth/errors';
import { actorWithDirectoryFacts } from '../auth/actor-facts';
import type { CommandHandler } from '../engine/types';
import type { AnyDomainEvent } from '../events/envelope';
import { createCalendarDecider, calendarCommandCodecs } from '../org/calendar-decider';
import { createCatalogDecider } from '../org/catalog-decider';
import { catalogCommandCodecs } from '../org/catalog-commands';
import { createClockResolver } from '../org/clocks';
import { createHallDecider } from '../org/hall-decider';
import { hallCommandCodecs } from '../org/hall-commands';
import { caseCommandCodecs } from './commands';
import { createComplaintDecider, complaintCommandCodecs, type ComplaintContext } from './complaint';
import { caseDeclaredTimes } from './late-entry';
import { createConsultationDecider, consultationCommandCodecs } from './consultation';
import type { CaseContext } from './context';
import { createCaseDecider } from './decider';
import { commandStreamId, decodeCommand, type AnyCommand } from './routing';

/**
 * The engine's view of any decider: a command in, any domain event out, a DomainError when
 * refused (each family checks its own types). Narrow an event by its `type` to read its data.
 */
export type AnyCommandHandler = CommandHandler<AnyCommand, AnyDomainEvent, unknown, DomainError>;

/**
 * The handler of every command family — case, complaint, consultation, hall, catalogue, calendar —
 * over one directory, clock resolver and authorization policy: what a hall system hands the engine.
 * Handlers decode unknown input at the boundary (`decodeCommand`).
 */
export const createCommandHandlers = (context: CaseContext & Pick<ComplaintContext, 'caseApplicant'>): ((command: AnyCommand) => AnyCommandHandler) => {
  const clockFor = context.clockFor ?? createClockResolver(context.directory);
  const { directory, authorization } = context;
  const ctx = { ...context, clockFor };
  const policy = authorization ? { policy: authorization } : {};
  // The events record where the actor sits as the directory has it (the trail's "which window").
  const actorOf = (command: AnyCommand, state: unknown) =>
    actorWithDirectoryFacts(directory, (state as { hallId?: string } | undefined)?.hallId ?? (command.data as { hallId?: string }).hallId, command.metadata.actor);
  const handler = (decider: object): AnyCommandHandler =>
    ({ decider, streamId: commandStreamId, decode: decodeCommand, actorOf }) as unknown as AnyCommandHandler;
  const families: readonly (readonly [object, AnyCommandHandler])[] = [
    [caseCommandCodecs, { ...handler(createCaseDecider(ctx)), declaredTimes: caseDeclaredTimes }],
    [complaintCommandCodecs, handler(createComplaintDecider(ctx))],
    [consultationCommandCodecs, handler(createConsultationDecider({ directory, ...(authorization ? { authorization } : {}) }))],
    [hallCommandCodecs, handler(createHallDecider({ directory, ...policy }))],
    [catalogCommandCodecs, handler(createCatalogDecider({ directory, clockFor, ...policy }))],
    [calendarCommandCodecs, handler(createCalendarDecider({ directory, ...policy }))],
  ];
  const byType = new Map<string, AnyCommandHandler>();
  for (const [codecs, h] of families) for (const type of Object.keys(codecs)) byType.set(type, h);
  return (command) => {
    const h = byType.get(command.type);
    if (!h) throw new RangeError(`no decider for command type ${JSON.stringify(command.type)}`);
    return h;
  };
};
