import {
  createClockResolver, createCommandEngine, createCommandHandlers, createDirectory,
  type Actor, type AnyCommand, type CaseContext, type ClockFor, type CommandEngine, type Directory, type EventStore, type HallPolicy, type StoredEvent,
} from '@banjian/core';

/** A command as a hall system sends it: its type, data, who sends it and its business time (ISO-8601). */
export interface QueuedCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  readonly at: string;
}

export interface Refusal {
  readonly kind: string;
  readonly rule?: string;
  readonly message: string;
}

/**
 * Runs commands through the real deciders and the command engine on a store, on simulated time;
 * the organisation and catalogue the commands build feed the deciders' directory.
 */
export interface CommandRunner {
  readonly engine: CommandEngine;
  /** What the deciders decide with (directory, clock resolver, the hall's policy). */
  readonly context: CaseContext & { readonly directory: Directory; readonly clockFor: ClockFor };
  /**
   * Sends a command, the engine's clock moved to `recordedAt` (default the command's `at`) first;
   * the refusal (or the events) as a value.
   */
  attempt(command: QueuedCommand, recordedAt?: string): Promise<{ refused?: Refusal; events: readonly StoredEvent[] }>;
  /** Sends a command as `attempt` does; throws on a refusal. */
  run(command: QueuedCommand, recordedAt?: string): Promise<readonly StoredEvent[]>;
}

export const createCommandRunner = (store: EventStore, options: { readonly policy?: Partial<HallPolicy> } = {}): CommandRunner => {
  const directory = createDirectory();
  const context = { directory, clockFor: createClockResolver(directory), ...(options.policy ? { hallPolicy: () => options.policy } : {}) };
  const handlerOf = createCommandHandlers(context);
  let now = '1970-01-01T00:00:00Z';
  const engine = createCommandEngine({ store, now: () => now });
  let n = 0;
  const attempt: CommandRunner['attempt'] = async ({ type, data, actor, at }, recordedAt = at) => {
    now = recordedAt;
    const command = { type, data, metadata: { commandId: `cmd-${++n}`, actor, at } } as AnyCommand;
    const result = await engine.handle(handlerOf(command), command);
    if (result._tag === 'Left') return { refused: result.left as Refusal, events: [] };
    const events = result.right.events as readonly StoredEvent[];
    for (const e of events) directory.apply(e);
    return { events };
  };
  return {
    engine,
    context,
    attempt,
    async run(command, recordedAt) {
      const { refused, events } = await attempt(command, recordedAt);
      if (refused) throw new Error(`${command.type} at ${command.at} was refused: ${refused.rule ?? refused.kind}: ${refused.message}`);
      return events;
    },
  };
};
