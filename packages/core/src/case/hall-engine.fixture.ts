import { isLeft, isRight, type Either } from 'fp-ts/lib/Either';
import { createCommandEngine } from '../engine/engine';
import type { StoredEvent } from '../events/envelope';
import type { Actor } from '../events/primitives';
import { command, hallDirectory } from '../org/hall.fixture';
import { createInMemoryEventStore } from '../store/memory';
import { simulatedClock } from '../testkit/simulated-clock';
import { createCommandHandlers } from './handlers';
import type { AnyCommand } from './routing';

export const errorOf = <L, R>(result: Either<L, R>): L => {
  if (isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`);
  return result.left;
};

/** A hall on simulated time: the clock stands where the test puts it, commands go through the engine. */
export const hallOnSimulatedTime = (start: string) => {
  const store = createInMemoryEventStore();
  const clock = simulatedClock(start);
  const handlers = createCommandHandlers({ directory: hallDirectory() });
  const engine = createCommandEngine({ store, now: clock.now });
  const send = (type: string, data: Record<string, unknown>, actor: Actor, at = clock.now()) => {
    const c = command(type, { caseId: 'c1', ...data }, actor, at) as unknown as AnyCommand;
    return engine.handle(handlers(c), c) as Promise<Either<{ kind: string; rule?: string; message: string }, unknown>>;
  };
  const run = async (type: string, data: Record<string, unknown>, actor: Actor, at?: string) => {
    const result = await send(type, data, actor, at);
    if (isLeft(result)) throw new Error(`given ${type} was refused: ${JSON.stringify(result.left)}`);
    return { events: (result.right as { events: readonly StoredEvent[] }).events };
  };
  return { store, clock, send, run };
};

