import { commandDecoder, type CommandsOf } from '../auth/command';
import { caseStream, calendarStream, catalogStream, complaintStream, consultationStream, hallStream } from '../events/streams';
import { calendarCommandCodecs } from '../org/calendar-decider';
import { catalogCommandCodecs } from '../org/catalog-commands';
import { hallCommandCodecs } from '../org/hall-commands';
import { caseCommandCodecs } from './commands';
import { complaintCommandCodecs } from './complaint';
import { consultationCommandCodecs } from './consultation';

/** Every command of the engine, by type. */
export const commandCodecs = {
  ...caseCommandCodecs,
  ...complaintCommandCodecs,
  ...consultationCommandCodecs,
  ...hallCommandCodecs,
  ...catalogCommandCodecs,
  ...calendarCommandCodecs,
};

export type AnyCommand = CommandsOf<typeof commandCodecs>;
export type AnyCommandType = AnyCommand['type'];

/** Decodes any command at the boundary: unknown type, unknown field, missing field are named. */
export const decodeCommand = commandDecoder(commandCodecs, 'banjian');

const streamOf = (table: object, stream: (c: AnyCommand) => string) => Object.keys(table).map((type) => [type, stream] as const);

const STREAM_OF: ReadonlyMap<string, (c: AnyCommand) => string> = new Map([
  ...streamOf(caseCommandCodecs, (c) => caseStream((c.data as { caseId: string }).caseId)),
  ...streamOf(complaintCommandCodecs, (c) => complaintStream((c.data as { complaintId: string }).complaintId)),
  ...streamOf(consultationCommandCodecs, (c) => consultationStream((c.data as { consultationId: string }).consultationId)),
  ...streamOf(hallCommandCodecs, (c) => hallStream((c.data as { hallId: string }).hallId)),
  ...streamOf(catalogCommandCodecs, (c) => catalogStream((c.data as { hallId: string }).hallId)),
  ...streamOf(calendarCommandCodecs, (c) => calendarStream((c.data as { calendarId: string }).calendarId)),
]);

/** The stream a command is decided on: `case-<caseId>`, `hall-<hallId>`, `catalog-<hallId>`, … */
export const commandStreamId = (command: AnyCommand): string => {
  const stream = STREAM_OF.get(command.type);
  if (!stream) throw new RangeError(`unknown command type ${JSON.stringify(command.type)}`);
  return stream(command);
};
