import { createCommandHandlers, createDirectory, type AnyCommand, type AnyCommandHandler, type Directory, type EventStore } from '@banjian/core';

/** The org, catalogue and calendar events the deciders look things up in. */
const DIRECTORY_TYPES = [
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'WindowClosed', 'StaffRegistered', 'DeviceInstalled',
  'ServiceItemDefined', 'ServiceItemRevised', 'ServiceItemSuspended', 'ServiceItemRepealed', 'ServiceItemReinstated',
  'CalendarPublished',
];

export interface Deciders {
  /** The handler of a decoded command's family (case, complaint, consultation, hall, catalogue, calendar). */
  handlerOf(command: AnyCommand): AnyCommandHandler;
  /** Folds org, catalogue and calendar events stored since the last call (by this service or any other writer). */
  refresh(): Promise<void>;
  readonly directory: Directory;
}

/**
 * The deciders a hall service runs, over one directory (机构/事项目录) kept current from the log: every
 * command is decided against the hall, windows, staff and catalogue as stored when it arrives.
 */
export const createDeciders = (store: EventStore): Deciders => {
  const directory = createDirectory();
  const handlerOf = createCommandHandlers({ directory });
  let seen = 0;
  return {
    directory,
    handlerOf,
    refresh: async () => {
      for await (const event of store.readAll({ after: seen, types: DIRECTORY_TYPES })) {
        directory.apply(event);
        seen = event.globalPosition;
      }
    },
  };
};
