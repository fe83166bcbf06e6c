import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass string collectors, the entry passes process streams. */
export interface Io {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly io: Io;
}

/** One CLI command: its own options (parsed by `node:util` parseArgs, strict) and its action. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly allowPositionals?: boolean;
  /** Resolves to the exit code. Throw UsageError for bad arguments (exit 2). */
  run(ctx: CommandContext): Promise<number>;
}

/** Bad arguments: main prints `banjian <command>: <message>` on one line and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Options every command takes (spec §7). */
export const COMMON_OPTIONS = {
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const stringOption = (values: OptionValues, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};

export const stringOptions = (values: OptionValues, name: string): string[] => {
  const v = values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
};
