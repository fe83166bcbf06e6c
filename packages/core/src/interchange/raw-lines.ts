import { hashedText } from '../integrity/hash';
import type { RawEventRecord } from '../store/port';
import { interchangeError, type InterchangeError } from './errors';

/** A line that is not an event record at all (not JSON, no stream or links): the file is unusable. */
export class UnreadableLineError extends Error {
  override readonly name = 'UnreadableLineError';
  readonly kind = 'unreadableLine' as const;
  constructor(readonly error: InterchangeError) {
    super(error.message);
  }
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * The lines of an exported log as raw records, WITHOUT validating them: verify needs to read a
 * damaged file to say what is wrong with it (opening it as a store would refuse it). The hashed
 * text is the line's RFC 8785 form without hash and globalPosition — the stored bytes again for a
 * line `exportEventLog` wrote. Lines without a global position are numbered in file order.
 */
export async function* rawRecordsOfLines(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<RawEventRecord> {
  let lineNo = 0;
  let ordinal = 0;
  for await (const text of lines) {
    lineNo += 1;
    if (text.trim() === '') continue;
    ordinal += 1;
    const unreadable = (field: string, reason: string) => new UnreadableLineError(interchangeError(lineNo, field, reason));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw unreadable('(json)', `malformed JSON: ${(error as Error).message}`);
    }
    if (!isObject(value)) throw unreadable('(root)', 'is not a JSON object');
    const { streamId, streamPosition, prevHash, hash, globalPosition } = value;
    if (typeof streamId !== 'string') throw unreadable('streamId', 'is required (a string)');
    if (typeof streamPosition !== 'number') throw unreadable('streamPosition', 'is required (a number)');
    if (typeof prevHash !== 'string' || typeof hash !== 'string') throw unreadable(typeof prevHash !== 'string' ? 'prevHash' : 'hash', 'is required to verify a log (export it with its hashes)');
    yield {
      globalPosition: typeof globalPosition === 'number' ? globalPosition : ordinal,
      streamId,
      streamPosition,
      canonical: hashedText(value),
      prevHash,
      hash,
    };
  }
}
