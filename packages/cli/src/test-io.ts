import type { Io } from './commands/command';

/** Collects what a command writes, for in-process CLI tests. */
export const captureIo = (): Io & { out: () => string; err: () => string } => {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  };
};
