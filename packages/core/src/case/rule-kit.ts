import { emit, decline, type Decision } from '../auth/decision';
import type { ErrorScope } from '../auth/errors';
import type { WorkClock } from '../clock/work-clock';
import type { CaseCommandOf, CaseCommandType } from './commands';
import type { ResolvedCaseContext } from './context';
import type { CaseEvent, CaseState, CaseStatus } from './state';

/** What every case rule gets besides the command and the state. */
export interface RuleEnv {
  readonly scope: ErrorScope;
  readonly ctx: ResolvedCaseContext;
  /** The command's business time, ISO and epoch ms. */
  readonly at: string;
  readonly atMs: number;
  /** The case's hall clock (for a case not yet submitted: the hall the command names). */
  clock(): WorkClock;
}

export type Rule<K extends CaseCommandType> = (command: CaseCommandOf<K>, state: CaseState, env: RuleEnv) => Decision<CaseEvent>;
export type RuleTable<K extends CaseCommandType> = { readonly [P in K]: Rule<P> };

/** Refuses a command the status does not allow (illegalTransition), naming the rule. */
export const requireStatus = (
  state: CaseState,
  env: RuleEnv,
  allowed: readonly CaseStatus[],
  rule: string,
  what: string,
): Decision<CaseEvent> | undefined =>
  allowed.includes(state.status)
    ? undefined
    : decline('illegalTransition', env.scope, rule, `case ${state.caseId ?? env.scope.caseId} is ${state.status}: ${what}`);

/** The single event whose data the command already carries in full. */
export const record = <E extends CaseEvent>(event: E): Decision<CaseEvent> => emit<CaseEvent>(event);

/** Runs checks in order; the first refusal wins, otherwise the events of `then`. */
export const firstRefusal = (
  checks: readonly (() => Decision<CaseEvent> | undefined)[],
  then: () => Decision<CaseEvent>,
): Decision<CaseEvent> => {
  for (const check of checks) {
    const refusal = check();
    if (refusal) return refusal;
  }
  return then();
};
