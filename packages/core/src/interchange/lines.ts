import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The lines of a UTF-8 text file (LF or CRLF), read as a stream. Nothing is opened until the
 * first line is asked for: a readline interface made early would drop the lines it reads before
 * anyone listens.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* lines;
  } finally {
    lines.close();
    input.destroy();
  }
}
