import type { StoredEvent } from '@banjian/core';
import { caseSummaryAt, eventLabels, type EventLabel } from '@banjian/projections';
import type { OneCase } from './case-facts';
import type { CaseIndex } from './case-index';
import type { ErrorReply } from './http-errors';
import { queryCodeMatches, type QueryCodeStore } from './query-codes';
import type { createRateLimiter } from './rate-limit';
import type { ReadReply } from './reads';

/** The steps an applicant sees: the case's own progress, not supervision (alerts) or evaluations. */
const PROGRESS_TYPES = new Set([
  'ApplicationSubmitted', 'CorrectionRequested', 'CorrectionSupplied', 'CaseAccepted', 'CaseRejected', 'CaseWithdrawn',
  'CaseTransferred', 'StepCompleted', 'JointReviewRequested', 'JointOpinionReturned', 'CaseEscalated', 'EscalationReturned',
  'ClockSuspended', 'ClockResumed', 'TimeLimitExtended', 'DecisionMade', 'CaseCompleted', 'ResultDelivered', 'ApplicantNoShow',
]);

/** One step of 办件进度: what happened, when, at which window and department; never who (staff or applicant). */
export interface ProgressStep {
  readonly type: string;
  readonly label: EventLabel;
  readonly at: string;
  readonly windowId?: string;
  readonly departmentId?: string;
}

/** The answer to 办件进度查询: state, steps, due date and what is missing, and nothing personal. */
export interface Progress {
  readonly caseNo: string;
  readonly itemCode: string;
  readonly state: string;
  readonly steps: readonly ProgressStep[];
  /** The effective promised due time 承诺时限, once accepted. */
  readonly dueAt?: string;
  /** Materials still missing after the last one-time notice 一次性告知 (empty when none is). */
  readonly missing: readonly string[];
}

const text = (data: unknown, key: string): string | undefined => {
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

const stepOf = (event: StoredEvent): ProgressStep => {
  const windowId = event.actor.windowId ?? text(event.data, 'windowId');
  const departmentId = event.actor.departmentId ?? text(event.data, 'departmentId');
  return {
    type: event.type,
    label: eventLabels[event.type as keyof typeof eventLabels],
    at: event.occurredAt,
    ...(windowId === undefined ? {} : { windowId }),
    ...(departmentId === undefined ? {} : { departmentId }),
  };
};

/** What the last correction notice asked for and no supply since has brought. */
const missingOf = (events: readonly StoredEvent[]): string[] => {
  let missing: string[] = [];
  for (const event of events) {
    if (event.type === 'CorrectionRequested') missing = [...(event.data as { missing: string[] }).missing];
    if (event.type === 'CorrectionSupplied') {
      const supplied = new Set((event.data as { materials: string[] }).materials);
      missing = missing.filter((m) => !supplied.has(m));
    }
    if (event.type === 'CaseAccepted' || event.type === 'CaseRejected' || event.type === 'CaseWithdrawn') missing = [];
  }
  return missing;
};

const CASE_NO = /^[\p{L}\p{N}\-_/.]{1,64}$/u;
const CODE = /^[A-Za-z0-9]{4,32}$/;

export interface ProgressDeps {
  readonly cases: CaseIndex;
  readonly codes: QueryCodeStore;
  readonly limiter: ReturnType<typeof createRateLimiter>;
  /** One case's facts and events, from its own stream. */
  readonly oneCase: (caseId: string) => Promise<OneCase | undefined>;
  readonly now: () => Date;
}

/** The same answer for an unknown case and a wrong code: nobody learns which case numbers exist. */
const NO_SUCH: ErrorReply = { status: 404, body: { kind: 'notFound', message: 'no case with this number and query code' } };

/**
 * GET /progress/:caseNo?code= — 办件进度查询 for applicants, with no account: the case number and
 * the query code 查询码 handed over at submission. Limited per client (the peer address).
 */
export const createProgressEndpoint = (deps: ProgressDeps) => async (caseNo: string, query: URLSearchParams, client: string): Promise<ReadReply | ErrorReply> => {
  const wait = deps.limiter.take(client);
  if (wait !== undefined) {
    return { status: 429, body: { kind: 'rateLimited', retryAfterSeconds: wait, message: `too many look-ups; try again in ${wait} s` }, headers: { 'retry-after': String(wait) } };
  }
  const code = query.get('code') ?? '';
  const candidates = CASE_NO.test(caseNo) && CODE.test(code) ? await deps.cases.byNo(caseNo) : [];
  let found;
  for (const entry of candidates) if (await queryCodeMatches(await deps.codes.get(entry.caseId), code)) found = entry;
  // No candidate still costs one scrypt: an unknown number answers as slowly as a wrong code.
  if (candidates.length === 0) await queryCodeMatches(undefined, code);
  if (!found) return NO_SUCH;

  const one = await deps.oneCase(found.caseId);
  const events = one?.events ?? [];
  const summary = one && caseSummaryAt(one.state, found.caseId, deps.now().getTime());
  const progress: Progress = {
    caseNo: found.caseNo,
    itemCode: found.itemCode,
    state: summary?.state ?? 'submitted',
    steps: events.filter((e) => PROGRESS_TYPES.has(e.type)).map(stepOf),
    ...(summary?.clock ? { dueAt: summary.clock.promisedDueAt } : {}),
    missing: missingOf(events),
  };
  return { status: 200, body: progress, headers: { 'cache-control': 'no-store' } };
};
