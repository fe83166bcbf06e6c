import * as t from 'io-ts';
import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { HallLevel, orgEventData } from '../events/org';
import { closed, NonEmptyString, OfficeHours } from '../events/primitives';

/** Hall commands (stream `hall-<hallId>`). Zone, office hours and calendar default (spec §2). */
export const hallCommandCodecs = {
  RegisterHall: commandCodec(
    'RegisterHall',
    closed(
      'RegisterHallData',
      { hallId: NonEmptyString, name: NonEmptyString, level: HallLevel },
      { parentId: NonEmptyString, timeZone: NonEmptyString, officeHours: OfficeHours, calendarId: NonEmptyString },
    ),
  ),
  RegisterDepartment: commandCodec('RegisterDepartment', orgEventData.DepartmentRegistered),
  OpenWindow: commandCodec('OpenWindow', orgEventData.WindowOpened),
  CloseWindow: commandCodec('CloseWindow', orgEventData.WindowClosed),
  RegisterStaff: commandCodec('RegisterStaff', orgEventData.StaffRegistered),
  InstallDevice: commandCodec('InstallDevice', orgEventData.DeviceInstalled),
};

export type HallCommand = CommandsOf<typeof hallCommandCodecs>;
export type HallCommandType = HallCommand['type'];
export const decodeHallCommand = commandDecoder(hallCommandCodecs, 'hall');
export type RegisterHallData = t.TypeOf<(typeof hallCommandCodecs)['RegisterHall']>['data'];
