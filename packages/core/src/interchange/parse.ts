import { isLeft, left, right, type Either } from 'fp-ts/lib/Either';
import { decodeEnvelope } from '../events/decode';
import { chainAlgorithmOf } from '../integrity/detect';
import { chainHash, DEFAULT_HASH_ALGORITHM, GENESIS_HASH, hashedText, type HashAlgorithm } from '../integrity/hash';
import { DEFAULT_MAX_SKEW_MS } from '../engine/business-time';
import { interchangeError, type InterchangeError } from './errors';
import { LineTooLongError } from './lines';

/** Where an existing stream stands, for lines that continue it (import into a non-empty store). */
export interface StreamStart {
  /** Stream position of its last event. */
  version: number;
  /** Hash of its last event: the prevHash the first line of the stream must carry. */
  lastHash: string;
  /** `occurredAt` of its last event, when known. */
  lastOccurredAt?: string;
  /** `recordedAt` of its last event, when known: the stream's next line may not be recorded before it. */
  lastRecordedAt?: string;
}

export interface ParseOptions {
  /** Chain hash of the log; default: SHA-256, or SM3 when the first hashed line only verifies under SM3. */
  algorithm?: HashAlgorithm;
  /** Where a stream already stands; streams it does not know start at position 0. */
  startOf?: (streamId: string) => StreamStart | undefined | Promise<StreamStart | undefined>;
  /** The clock no `recordedAt` may run ahead of (epoch ms; default the system clock). */
  now?: () => number;
  /** How far `recordedAt` may run ahead of the clock, or behind the log's order (default the engine's bound, 5 minutes). */
  maxClockSkewMs?: number;
}

/** One validated line: the envelope exactly as written, and its place in the chain. */
export interface ParsedEvent {
  line: number;
  /** The envelope as written (data not upcast, so hashes are over what the line says). */
  envelope: Record<string, unknown> & { eventId: string; type: string; streamId: string; streamPosition: number; occurredAt: string };
  /** The RFC 8785 text that is hashed (envelope with prevHash, without hash and globalPosition). */
  canonical: string;
  prevHash: string;
  hash: string;
  globalPosition?: number;
}

export interface ParsedLog {
  events: ParsedEvent[];
  streams: number;
  algorithm: HashAlgorithm;
}

interface StreamCursor {
  next: number;
  lastHash: string;
  lastOccurredMs: number;
  lastOccurredAt: string | undefined;
  lastLine: number;
  continued: boolean;
  /** recordedAt of the store's last event of a stream the log continues (until its first line). */
  lastRecordedAt?: string | undefined;
}

const CHAIN_FIELDS = ['prevHash', 'hash', 'globalPosition'] as const;

/**
 * Validate an NDJSON event log line by line (spec §7): JSON syntax, the envelope and its data
 * (closed codecs), unique event ids, stream positions contiguous from 0 (or from where the stream
 * stands), `occurredAt` non-decreasing per stream, the hash chain where `prevHash`/`hash` are
 * given, global positions increasing where given. The first error names its line, field and
 * reason; blank lines are skipped.
 */
export const parseEventLog = async (lines: AsyncIterable<string> | Iterable<string>, options: ParseOptions = {}): Promise<Either<InterchangeError, ParsedLog>> => {
  try {
    return await parseLines(lines, options);
  } catch (error) {
    // A line too long to read is refused like any bad line: its number and why.
    if (error instanceof LineTooLongError) return left(error.error);
    throw error;
  }
};

const seconds = (ms: number): string => `${ms / 1000} s`;

const parseLines = async (lines: AsyncIterable<string> | Iterable<string>, options: ParseOptions): Promise<Either<InterchangeError, ParsedLog>> => {
  let algorithm = options.algorithm;
  const skew = options.maxClockSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const nowMs = (options.now ?? Date.now)();
  /** The latest recordedAt so far: stores stamp recordedAt as they append, so it follows the log's order. */
  let latestRecorded: { ms: number; at: string; line: number } | undefined;
  const streams = new Map<string, StreamCursor>();
  const eventIds = new Map<string, number>();
  const events: ParsedEvent[] = [];
  let lastGlobal: { position: number; line: number } | undefined;
  let lineNo = 0;

  for await (const text of lines) {
    lineNo += 1;
    if (text.trim() === '') continue;
    const fail = (field: string, reason: string) => left(interchangeError(lineNo, field, reason));

    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return fail('(json)', `malformed JSON: ${(error as Error).message}`);
    }
    const decoded = decodeEnvelope(value);
    if (isLeft(decoded)) return fail(decoded.left.field, decoded.left.reason);
    const envelope = value as ParsedEvent['envelope'] & { prevHash?: string; hash?: string; globalPosition?: number };

    const recordedMs = Date.parse(envelope.recordedAt as string);
    if (recordedMs > nowMs + skew) {
      return fail('recordedAt', `${envelope.recordedAt} is in the future: the clock reads ${new Date(nowMs).toISOString()} (skew allowed ${seconds(skew)})`);
    }
    if (latestRecorded !== undefined && recordedMs < latestRecorded.ms - skew) {
      return fail('recordedAt', `${envelope.recordedAt} is before ${latestRecorded.at} (line ${latestRecorded.line}): recording times follow the log's order (skew allowed ${seconds(skew)})`);
    }
    if (latestRecorded === undefined || recordedMs > latestRecorded.ms) latestRecorded = { ms: recordedMs, at: envelope.recordedAt as string, line: lineNo };

    const seen = eventIds.get(envelope.eventId);
    if (seen !== undefined) return fail('eventId', `${envelope.eventId} already appears on line ${seen}`);
    eventIds.set(envelope.eventId, lineNo);

    if (envelope.globalPosition !== undefined) {
      if (lastGlobal !== undefined && envelope.globalPosition <= lastGlobal.position) {
        return fail('globalPosition', `${envelope.globalPosition} does not follow ${lastGlobal.position} (line ${lastGlobal.line}): global positions increase`);
      }
      lastGlobal = { position: envelope.globalPosition, line: lineNo };
    }

    let stream = streams.get(envelope.streamId);
    if (stream === undefined) {
      const start = await options.startOf?.(envelope.streamId);
      stream = {
        next: start ? start.version + 1 : 0,
        lastHash: start?.lastHash ?? GENESIS_HASH,
        lastOccurredMs: start?.lastOccurredAt ? Date.parse(start.lastOccurredAt) : -Infinity,
        lastOccurredAt: start?.lastOccurredAt,
        lastLine: 0,
        continued: start !== undefined,
        lastRecordedAt: start?.lastRecordedAt,
      };
      streams.set(envelope.streamId, stream);
    }
    if (envelope.streamPosition !== stream.next) {
      const where =
        stream.lastLine > 0
          ? `the previous event of ${envelope.streamId} is at ${stream.next - 1} (line ${stream.lastLine})`
          : stream.continued
            ? `${envelope.streamId} already stands at ${stream.next - 1}`
            : `${envelope.streamId} starts at 0`;
      return fail('streamPosition', `expected ${stream.next}, got ${envelope.streamPosition}: ${where}`);
    }
    if (stream.lastLine === 0 && stream.lastRecordedAt !== undefined && recordedMs < Date.parse(stream.lastRecordedAt) - skew) {
      return fail('recordedAt', `${envelope.recordedAt} is before ${stream.lastRecordedAt}, when the store recorded the last event of ${envelope.streamId} (skew allowed ${seconds(skew)})`);
    }
    const occurredMs = Date.parse(envelope.occurredAt);
    // events.md "Time stamps": events of one stream are in non-decreasing occurredAt order.
    if (occurredMs < stream.lastOccurredMs) {
      return fail('occurredAt', `${envelope.occurredAt} is before ${stream.lastOccurredAt}, the previous event of ${envelope.streamId}`);
    }

    if (envelope.prevHash !== undefined && envelope.prevHash !== stream.lastHash) {
      return fail('prevHash', `does not link to the previous event of ${envelope.streamId} (expected ${stream.lastHash})`);
    }
    const body: Record<string, unknown> = { ...envelope, prevHash: stream.lastHash };
    for (const field of CHAIN_FIELDS) if (field !== 'prevHash') delete body[field];
    const canonical = hashedText(body);
    // The first line settles the algorithm for the whole log.
    algorithm ??= detectAlgorithm(stream.lastHash, canonical, envelope.hash);
    const hash = chainHash(algorithm, stream.lastHash, canonical);
    if (envelope.hash !== undefined && envelope.hash !== hash) {
      return fail('hash', `does not match H(prevHash ‖ canonical JSON) = ${hash} (${algorithm}): the line was changed after it was sealed`);
    }

    events.push({
      line: lineNo,
      envelope,
      canonical,
      prevHash: stream.lastHash,
      hash,
      ...(envelope.globalPosition !== undefined ? { globalPosition: envelope.globalPosition } : {}),
    });
    stream.next += 1;
    stream.lastHash = hash;
    stream.lastOccurredMs = occurredMs;
    stream.lastOccurredAt = envelope.occurredAt;
    stream.lastLine = lineNo;
  }
  return right({ events, streams: streams.size, algorithm: algorithm ?? DEFAULT_HASH_ALGORITHM });
};

/** The algorithm that reproduces the line's hash; SHA-256 when it has none or none does. */
const detectAlgorithm = (prevHash: string, canonical: string, given: string | undefined): HashAlgorithm =>
  (given === undefined ? undefined : chainAlgorithmOf(prevHash, canonical, given)) ?? DEFAULT_HASH_ALGORITHM;
