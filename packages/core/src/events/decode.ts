import { isLeft, left, right, type Either } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
import { EnvelopeCodec } from './envelope';
import { CURRENT_SCHEMA_VERSION, eventDataCodecs, isEventType } from './registry';
import { upcast } from './upcast';

/** A decoding failure: which field (dotted path) and why. */
export interface DecodeError {
  kind: 'decode';
  field: string;
  reason: string;
  message: string;
}

const isMemberOfIntersection = (type: t.Decoder<unknown, unknown>): boolean => {
  const tag = (type as { _tag?: string })._tag;
  return tag === 'InterfaceType' || tag === 'PartialType';
};

const describe = (errors: t.Errors, prefix: string): DecodeError => {
  // The deepest failure names the field that is actually wrong.
  const deepest = errors.reduce((a, b) => (b.context.length > a.context.length ? b : a));
  // Intersections (closed records) add index keys of their own members: not part of the path.
  const keys = deepest.context
    .filter((c) => c.key !== '' && !isMemberOfIntersection(c.type))
    .map((c) => c.key);
  const field = [prefix, ...keys].filter(Boolean).join('.') || '(root)';
  const last = deepest.context[deepest.context.length - 1];
  const reason =
    deepest.message ??
    (deepest.value === undefined ? 'is required' : `expected ${last?.type.name ?? 'a valid value'}, got ${JSON.stringify(deepest.value)}`);
  return { kind: 'decode', field, reason, message: `${field}: ${reason}` };
};

/** Decode a value with a codec, turning io-ts errors into one named field and reason. */
export const decodeWith = <A>(codec: t.Decoder<unknown, A>, value: unknown, prefix = ''): Either<DecodeError, A> => {
  const result = codec.decode(value);
  return isLeft(result) ? left(describe(result.left, prefix)) : right(result.right);
};

/** Decode the `data` of an event type (after upcasting it to the current schema version). */
export const decodeEventData = (type: string, data: unknown, schemaVersion = CURRENT_SCHEMA_VERSION): Either<DecodeError, unknown> => {
  if (!isEventType(type)) {
    return left({ kind: 'decode', field: 'type', reason: `unknown event type "${type}"`, message: `type: unknown event type "${type}"` });
  }
  return decodeWith(eventDataCodecs[type] as t.Decoder<unknown, unknown>, upcast(type, schemaVersion, data), 'data');
};

/** Decode a whole envelope (as read from NDJSON or a store row): envelope fields, then its data. */
export const decodeEnvelope = (value: unknown): Either<DecodeError, Record<string, unknown>> => {
  const envelope = decodeWith(EnvelopeCodec, value);
  if (isLeft(envelope)) return envelope;
  const env = envelope.right as Record<string, unknown> & { type: string; schemaVersion: number; data: unknown };
  const data = decodeEventData(env.type, env.data, env.schemaVersion);
  if (isLeft(data)) return data;
  // schemaVersion stays as written: hash checks are over the envelope as it was stored.
  return right({ ...env, data: data.right });
};

/**
 * Does `decodeEnvelope` accept the value? The allocation-free check (codecs' `is`) for the write
 * path, which only needs the verdict: a false answer is not an error by itself — `decodeEnvelope`
 * then names the failing field (or accepts what a codec's `is` is stricter about).
 */
export const isValidEnvelope = (value: unknown): boolean => {
  if (!EnvelopeCodec.is(value)) return false;
  const { type, schemaVersion, data } = value as { type: string; schemaVersion: number; data: unknown };
  return isEventType(type) && (eventDataCodecs[type] as t.Decoder<unknown, unknown> & { is: (u: unknown) => boolean }).is(upcast(type, schemaVersion, data));
};
