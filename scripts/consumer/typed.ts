// (c) A TypeScript consumer, type-checked under `strict` with moduleResolution node16 and bundler:
// the README's pattern must type as real events, errors and figures (never `any`, `unknown` or `never`).
import {
  createCommandEngine,
  createCommandHandlers,
  createDirectory,
  type AnyCommand,
  type AnyDomainEvent,
  type DomainError,
  type StoredEvent,
} from '@banjian/core';
import { buildReport, renderReportText, trailOf } from '@banjian/projections';
import { MissingDriverError, openStore } from '@banjian/adapters';
import { isLeft } from 'fp-ts/lib/Either.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Exactly<T, U> = [T] extends [U] ? ([U] extends [T] ? (IsAny<T> extends true ? false : true) : false) : false;
const holds = <T extends true>(_: T): void => {};

const store = await openStore('sqlite:./typed.db');
const directory = createDirectory();
const handlerOf = createCommandHandlers({ directory });
const engine = createCommandEngine({ store });

const run = async (command: AnyCommand): Promise<StoredEvent<AnyDomainEvent>[]> => {
  const result = await engine.handle(handlerOf(command), command);
  if (isLeft(result)) {
    const refusal = result.left;
    // A decider's refusal names its rule; the engine's own errors have a kind.
    if ('rule' in refusal) holds<Exactly<typeof refusal.rule, string>>(true);
    throw new Error(refusal.message);
  }
  for (const event of result.right.events) directory.apply(event);
  return result.right.events;
};

const at = new Date().toISOString();
const [accepted] = await run({
  type: 'AcceptCase',
  data: { caseId: 'c1', windowId: 'w1', staffId: 's1' },
  metadata: { commandId: 'w1-0002', actor: { kind: 'staff', id: 's1' }, at },
});
if (accepted?.type === 'CaseAccepted') {
  const due = accepted.data.promisedDueAt;
  holds<Exactly<typeof due, string>>(true);
}

const report = await buildReport(store, { from: '2025-09-01', to: '2025-11-01', hall: 'h1' });
const onTime = report.figures.onTimeRate;
holds<Exactly<typeof onTime.definition, string>>(true);
holds<IsAny<typeof onTime.numerator> extends false ? true : false>(true);
const text: string = renderReportText(report);
const trail = await trailOf(store, 'c1');
for (const entry of trail.entries) holds<Exactly<typeof entry.occurredAt, string>>(true);

const refused = (e: unknown): e is MissingDriverError => e instanceof MissingDriverError;
const domainError: DomainError | undefined = undefined;
console.log(text, refused(null), domainError);
await store.close();
