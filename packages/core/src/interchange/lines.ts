import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The lines of a UTF-8 text file (LF or CRLF), read as a stream. */
export const readLines = (path: string): AsyncIterable<string> =>
  createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
