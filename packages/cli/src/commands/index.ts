import type { Command } from './command';

/**
 * The command registry. Each command lives in its own file and is loaded only when run, so a
 * command's dependencies (stores, drivers) cost nothing to the others. Add a command by adding an
 * entry here.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'audit',
    summary: 'anomaly findings 异常办件 of a period (倒签/补录, 体外循环, 撤回重报, late suspensions, 刷好评, 删差评) with the positions that prove them',
    load: async () => (await import('./audit')).auditCommand,
  },
  {
    name: 'checkpoint',
    summary: "sign the log's Merkle root and publish it outside the database (a file, a folder, stdout, an HTTP endpoint)",
    load: async () => (await import('./checkpoint')).checkpointCommand,
  },
  {
    name: 'due',
    summary: 'the due time of a limit from a start time (holidays, make-up days, office hours)',
    load: async () => (await import('./due')).dueCommand,
  },
  {
    name: 'demo',
    summary: 'simulate a county hall year into the default store and print its report, one trail and the integrity check',
    load: async () => (await import('./demo')).demoCommand,
  },
  {
    name: 'export',
    summary: 'write the whole log as NDJSON in global order (to --out or standard output)',
    load: async () => (await import('./export')).exportCommand,
  },
  {
    name: 'import',
    summary: 'import an NDJSON event log, all or nothing (a bad line is named, nothing imported, exit 2)',
    load: async () => (await import('./import')).importCommand,
  },
  {
    name: 'project',
    summary: "keep the read models (case index 办件库) in the store's database up to date; --status shows checkpoint, head and lag",
    load: async () => (await import('./project')).projectCommand,
  },
  {
    name: 'report',
    summary: 'the figures of a period (办结率, 按时办结率, 满意率, …) by hall, department, window, item or month',
    load: async () => (await import('./report')).reportCommand,
  },
  {
    name: 'trail',
    summary: "a case's audit trail: who did what, when, at which window, with the hash chain",
    load: async () => (await import('./trail')).trailCommand,
  },
  {
    name: 'verify',
    summary: 'prove the log unaltered: hash chain, stored columns, positions, signed checkpoints (exit 0 intact and anchored, 1 damaged, 2 unusable, 3 not anchored)',
    load: async () => (await import('./verify')).verifyCommand,
  },
  {
    name: 'watch',
    summary: 'open cases by alert level (approaching, overdue, yellow and red card) per department and window',
    load: async () => (await import('./watch')).watchCommand,
  },
];

export const findCommand = (name: string): CommandEntry | undefined => commands.find((c) => c.name === name);

export type { Command, CommandContext, Io } from './command';
export { UsageError, COMMON_OPTIONS } from './command';
