import { isLeft, type Either } from 'fp-ts/lib/Either';
import type { DomainError } from '../auth/errors';
import type { Actor } from '../events/primitives';
import { actors, command, HALL, hallDirectory } from '../org/hall.fixture';
import type { CaseCommand, CaseCommandOf, CaseCommandType } from './commands';
import type { CaseContext } from './context';
import { createCaseDecider } from './decider';
import type { CaseEvent, CaseState } from './state';

/** 2025-09-29 is the Monday before the National Day holiday (Oct 1–8 off, Sat Oct 11 worked). */
export const MONDAY = '2025-09-29';
export const t = (date: string, time: string) => `${date}T${time}:00+08:00`;

export const CASE = 'c1';

/**
 * A case under test: `run` sends a command that must succeed and folds its events (the "given"),
 * `attempt` decides a command without folding it (the "when").
 */
export const caseHarness = (context: Partial<CaseContext> = {}) => {
  const directory = context.directory ?? hallDirectory();
  const decider = createCaseDecider({ ...context, directory });
  let state = decider.initialState();
  const history: CaseEvent[] = [];
  let eventNo = 0;
  const attempt = <K extends CaseCommandType>(type: K, data: Omit<CaseCommandOf<K>['data'], 'caseId'>, actor: Actor = actors.market, at = t(MONDAY, '10:00')): Either<DomainError, readonly CaseEvent[]> =>
    decider.decide(command(type, { caseId: CASE, ...data }, actor, at) as CaseCommand, state);
  const run = <K extends CaseCommandType>(type: K, data: Omit<CaseCommandOf<K>['data'], 'caseId'>, actor: Actor = actors.market, at = t(MONDAY, '10:00')) => {
    const result = attempt(type, data, actor, at);
    if (isLeft(result)) throw new Error(`given ${type} was refused: ${result.left.rule}: ${result.left.message}`);
    for (const event of result.right) {
      state = decider.evolve(state, { ...event, occurredAt: at, actor, eventId: `e-${++eventNo}` } as never);
      history.push(event);
    }
    return result.right;
  };
  return { decider, directory, attempt, run, state: (): CaseState => state, history: () => history };
};

export const application = (itemCode = 'P1') => ({
  caseNo: 'BJ-2025-0001',
  hallId: HALL,
  itemCode,
  channel: 'window' as const,
  applicant: { type: 'person' as const, ref: actors.applicant.id },
  materials: ['申请书', '营业执照'],
});

/** A case submitted and accepted at the market window on Monday 29 Sep 2025 at 10:00. */
export const acceptedCase = (context: Partial<CaseContext> = {}, itemCode = 'P1') => {
  const h = caseHarness(context);
  h.run('SubmitApplication', application(itemCode), actors.market, t(MONDAY, '09:30'));
  h.run('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, actors.market, t(MONDAY, '10:00'));
  return h;
};

export { events, refusal } from '../org/stream.fixture';
