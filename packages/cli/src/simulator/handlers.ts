import {
  catalogCommandCodecs,
  caseCommandCodecs,
  commandStreamId,
  complaintCommandCodecs,
  consultationCommandCodecs,
  createCaseDecider,
  createCatalogDecider,
  createComplaintDecider,
  createConsultationDecider,
  createHallDecider,
  hallCommandCodecs,
  type AnyCommand,
  type ClockFor,
  type CommandHandler,
  type Directory,
} from '@banjian/core';

// One handler shape for every family: the engine only needs decide/evolve/initialState and the stream.
type AnyHandler = CommandHandler<AnyCommand, never, unknown, unknown>;

/** The real deciders of the engine, one per command family, over one directory and clock resolver. */
export const createHandlers = (directory: Directory, clockFor: ClockFor): ((command: AnyCommand) => AnyHandler) => {
  const handler = (decider: object): AnyHandler => ({ decider, streamId: commandStreamId } as unknown as AnyHandler);
  const families: [object, AnyHandler][] = [
    [caseCommandCodecs, handler(createCaseDecider({ directory, clockFor }))],
    [complaintCommandCodecs, handler(createComplaintDecider({ directory, clockFor }))],
    [consultationCommandCodecs, handler(createConsultationDecider({ directory }))],
    [hallCommandCodecs, handler(createHallDecider({ directory }))],
    [catalogCommandCodecs, handler(createCatalogDecider({ directory, clockFor }))],
  ];
  const byType = new Map<string, AnyHandler>();
  for (const [codecs, h] of families) for (const type of Object.keys(codecs)) byType.set(type, h);
  return (command) => {
    const h = byType.get(command.type);
    if (!h) throw new RangeError(`the simulator has no decider for ${command.type}`);
    return h;
  };
};
