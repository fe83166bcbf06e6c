import {
  calendarCommandCodecs,
  catalogCommandCodecs,
  caseCommandCodecs,
  commandStreamId,
  complaintCommandCodecs,
  consultationCommandCodecs,
  createCalendarDecider,
  createCaseDecider,
  createCatalogDecider,
  createClockResolver,
  createComplaintDecider,
  createConsultationDecider,
  createDirectory,
  createHallDecider,
  hallCommandCodecs,
  type AnyCommand,
  type CommandHandler,
  type Directory,
  type EventStore,
} from '@banjian/core';

/** The engine's view of any decider: a command in, events out (each family checks its own types). */
export type AnyHandler = CommandHandler<AnyCommand, never, unknown, unknown>;

/** The org and catalogue events the deciders look things up in. */
const DIRECTORY_TYPES = [
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'WindowClosed', 'StaffRegistered', 'DeviceInstalled',
  'ServiceItemDefined', 'ServiceItemRevised', 'ServiceItemSuspended', 'ServiceItemRepealed', 'ServiceItemReinstated',
];

export interface Deciders {
  /** The handler of a decoded command's family (case, complaint, consultation, hall, catalogue, calendar). */
  handlerOf(command: AnyCommand): AnyHandler;
  /** Folds org and catalogue events stored since the last call (by this service or any other writer). */
  refresh(): Promise<void>;
  readonly directory: Directory;
}

/**
 * The deciders a hall service runs, over one directory (机构/事项目录) kept current from the log: every
 * command is decided against the hall, windows, staff and catalogue as stored when it arrives.
 */
export const createDeciders = (store: EventStore): Deciders => {
  const directory = createDirectory();
  const clockFor = createClockResolver(directory);
  let seen = 0;
  const asHandler = (decider: object): AnyHandler => ({ decider, streamId: commandStreamId }) as unknown as AnyHandler;
  const families: readonly (readonly [codecs: object, handler: AnyHandler])[] = [
    [caseCommandCodecs, asHandler(createCaseDecider({ directory, clockFor }))],
    [complaintCommandCodecs, asHandler(createComplaintDecider({ directory, clockFor }))],
    [consultationCommandCodecs, asHandler(createConsultationDecider({ directory }))],
    [hallCommandCodecs, asHandler(createHallDecider({ directory }))],
    [catalogCommandCodecs, asHandler(createCatalogDecider({ directory, clockFor }))],
    [calendarCommandCodecs, asHandler(createCalendarDecider({ directory }))],
  ];
  return {
    directory,
    handlerOf: (command) => {
      const family = families.find(([codecs]) => Object.hasOwn(codecs, command.type));
      if (!family) throw new RangeError(`no decider for command type ${JSON.stringify(command.type)}`);
      return family[1];
    },
    refresh: async () => {
      for await (const event of store.readAll({ after: seen, types: DIRECTORY_TYPES })) {
        directory.apply(event);
        seen = event.globalPosition;
      }
    },
  };
};
