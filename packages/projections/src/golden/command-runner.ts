import {
  createClockResolver, createCommandEngine, createCommandHandlers, createDirectory,
  type Actor, type AnyCommand, type EventStore, type StoredEvent,
} from '@banjian/core';

/** A command as a hall system sends it: its type, data, who sends it and its business time (ISO-8601). */
export interface QueuedCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  readonly at: string;
}

/**
 * Runs commands through the real deciders and the command engine on a store, on simulated time
 * (the engine's clock is moved to each command's `at`); the organisation and catalogue the
 * commands build feed the deciders' directory. Throws on a refusal: a scenario's commands are legal.
 */
export interface CommandRunner {
  run(command: QueuedCommand): Promise<readonly StoredEvent[]>;
}

export const createCommandRunner = (store: EventStore): CommandRunner => {
  const directory = createDirectory();
  const handlerOf = createCommandHandlers({ directory, clockFor: createClockResolver(directory) });
  let now = '1970-01-01T00:00:00Z';
  const engine = createCommandEngine({ store, now: () => now });
  let n = 0;
  return {
    async run({ type, data, actor, at }) {
      now = at;
      const command = { type, data, metadata: { commandId: `scenario-cmd-${++n}`, actor, at } } as AnyCommand;
      const result = await engine.handle(handlerOf(command), command);
      if (result._tag === 'Left') {
        const refused = result.left as { kind: string; rule?: string; message: string };
        throw new Error(`${type} at ${at} was refused: ${refused.rule ?? refused.kind}: ${refused.message}`);
      }
      const events = result.right.events as readonly StoredEvent[];
      for (const e of events) directory.apply(e);
      return events;
    },
  };
};
