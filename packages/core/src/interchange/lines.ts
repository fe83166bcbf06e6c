import { createReadStream } from 'node:fs';
import { interchangeError, type InterchangeError } from './errors';

/** The longest line `readLines` takes by default: 1 MiB (an event line is a few hundred bytes). */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** A line longer than the cap: refused when the cap is passed, before the rest of it is read. */
export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';
  readonly kind = 'lineTooLong' as const;
  readonly error: InterchangeError;
  constructor(
    readonly line: number,
    readonly maxLineBytes: number,
  ) {
    const error = interchangeError(line, '(line)', `longer than ${maxLineBytes} bytes, the line limit`);
    super(error.message);
    this.error = error;
  }
}

export interface ReadLinesOptions {
  /** Longest line in bytes (default `DEFAULT_MAX_LINE_BYTES`); a longer one throws `LineTooLongError`. */
  maxLineBytes?: number;
}

const textOf = (bytes: Buffer): string => {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
};

/**
 * The lines of a UTF-8 text file (LF or CRLF), read as a stream of bytes, never holding more than
 * `maxLineBytes` of one line: a 60 MB line is refused after its first MiB, with its number. Nothing
 * is opened until the first line is asked for.
 */
export async function* readLines(path: string, { maxLineBytes = DEFAULT_MAX_LINE_BYTES }: ReadLinesOptions = {}): AsyncGenerator<string> {
  const input = createReadStream(path);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
        line += 1;
        if (pendingBytes + end - start > maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
        const part = chunk.subarray(start, end);
        const bytes = pending.length === 0 ? part : Buffer.concat([...pending, part]);
        pending = [];
        pendingBytes = 0;
        start = end + 1;
        yield textOf(bytes);
      }
      if (pendingBytes + chunk.length - start > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
      }
    }
    if (pendingBytes > 0) yield textOf(Buffer.concat(pending));
  } finally {
    input.destroy();
  }
}
