import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, UsageError, type Io } from './commands/command';
import { commands, findCommand } from './commands/index';

const firstLine = (s: string): string => s.split('\n')[0]!.trim();

const overview = (): string =>
  ['usage: banjian <command> [options] [--store <url>]', '', 'commands:', ...commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`), '', "a command's options: banjian help <command> (or banjian <command> --help)", ''].join('\n');

const brokenPipeGuarded = new WeakSet<object>();

/**
 * `banjian export | head`: when the reader goes away, end quietly with the exit code so far, as Unix
 * tools do, instead of an unhandled EPIPE stack trace. Only real streams (with `on`) are guarded.
 */
const endQuietlyOnBrokenPipe = (stream: Io['stdout']): void => {
  const emitter = stream as Partial<NodeJS.WriteStream>;
  if (typeof emitter.on !== 'function' || brokenPipeGuarded.has(stream)) return;
  brokenPipeGuarded.add(stream);
  emitter.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
};

/** `help` lists the commands; `help <command>` is that command's usage, like `<command> --help`. */
const help = async (topic: string | undefined, io: Io): Promise<number> => {
  if (topic === undefined) {
    io.stdout.write(overview());
    return 0;
  }
  const entry = findCommand(topic);
  if (!entry) {
    io.stderr.write(`banjian help: unknown command ${JSON.stringify(topic)} (known: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  io.stdout.write(`${(await entry.load()).usage}\n`);
  return 0;
};

/** Runs one CLI invocation in-process; resolves to the exit code (2 = bad arguments). */
export const run = async (argv: readonly string[], io: Io): Promise<number> => {
  endQuietlyOnBrokenPipe(io.stdout);
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write('banjian: no command given (try: banjian help)\n');
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') return help(rest[0], io);
  const entry = findCommand(name);
  if (!entry) {
    io.stderr.write(`banjian: unknown command ${JSON.stringify(name)} (known: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  const command = await entry.load();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (e) {
    io.stderr.write(`banjian ${name}: ${firstLine((e as Error).message)}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals, io });
  } catch (e) {
    io.stderr.write(`banjian ${name}: ${firstLine(e instanceof Error ? e.message : String(e))}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
};

const invokedDirectly = (): boolean => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
};

if (invokedDirectly()) {
  process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
