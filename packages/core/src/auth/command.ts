import { left, type Either } from 'fp-ts/lib/Either';
import * as t from 'io-ts';
import { decodeWith, type DecodeError } from '../events/decode';
import { Actor, closed, Instant, NonEmptyString } from '../events/primitives';

/** The metadata every command carries (decider/CommandMetadata): idempotency key, actor, business time. */
export const CommandMetadataCodec = closed(
  'CommandMetadata',
  { commandId: NonEmptyString, actor: Actor, at: Instant },
  { correlationId: NonEmptyString, causationId: NonEmptyString },
);

/** The closed codec of one command type: `{ type, data, metadata }`. */
export const commandCodec = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  closed(type, { type: t.literal(type), data, metadata: CommandMetadataCodec });

type CodecTable = Record<string, t.Mixed>;

/** The command union a table of command codecs describes. */
export type CommandsOf<Table extends CodecTable> = { [K in keyof Table]: t.TypeOf<Table[K]> }[keyof Table];

/**
 * A decoder for a table of command codecs: the `type` picks the codec, and the error names the
 * field that is wrong (`data.reason: is required`) or the unknown type.
 */
export const commandDecoder =
  <Table extends CodecTable>(table: Table, family: string) =>
  (u: unknown): Either<DecodeError, CommandsOf<Table>> => {
    const type = typeof u === 'object' && u !== null ? (u as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
      const reason = `unknown ${family} command type ${JSON.stringify(type)}`;
      return left({ kind: 'decode', field: 'type', reason, message: `type: ${reason}` });
    }
    return decodeWith(table[type] as t.Decoder<unknown, CommandsOf<Table>>, u);
  };
