import type { Io } from './commands/command';
import { run } from './main';

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

/** Runs `banjian <argv>` in-process: its exit code and what it wrote. */
export const runCli = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
};
