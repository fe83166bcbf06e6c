import { parseInstant } from '@banjian/core';
import { type CaseIndexRow, type Page, type QueueOwner } from '@banjian/projections';
import type { CaseIndex } from './case-index';
import { badRequest, type ErrorReply } from './http-errors';
import { notReady, type ReadModel } from './read-model';
import { CHECKPOINT_HEADER, type ReadReply } from './reads';
import { mayReadCase, mayReadHall, type ReadScope } from './scope';

type Query = URLSearchParams;

/** The header a client sends to read its own write: the `X-Banjian-Position` its command was answered with. */
export const MIN_CHECKPOINT_HEADER = 'x-banjian-min-checkpoint';

const outOfScope = (what: string): ErrorReply => ({ status: 403, body: { kind: 'forbidden', rule: 'read.outOfScope', message: `${what} is outside what this credential may read` } });

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A row as the API shows it: times as ISO-8601 instants (UTC). */
const rowJson = (r: CaseIndexRow) => ({
  ...r,
  submittedAt: iso(r.submittedAt), acceptedAt: iso(r.acceptedAt), completedAt: iso(r.completedAt),
  promisedDueAt: iso(r.promisedDueAt), statutoryDueAt: iso(r.statutoryDueAt),
});

/** A page as answered; `floor`, read before the page, is where every partition's rows stood then. */
const pageOf = (page: Page<CaseIndexRow>, floor: number | undefined, rows: readonly CaseIndexRow[] = page.rows): ReadReply => {
  const checkpoint = Math.max(page.checkpoint, floor ?? 0);
  return {
    status: 200,
    body: { rows: rows.map(rowJson), next: page.next ?? null, asOf: { checkpoint, version: page.version } },
    headers: { [CHECKPOINT_HEADER]: String(checkpoint) },
  };
};

const pageRequest = (query: Query): { limit?: number; after?: string } | ErrorReply => {
  const limit = query.get('limit');
  if (limit !== null && !/^\d{1,4}$/.test(limit)) return badRequest('limit', `a number of rows 1–500, got ${JSON.stringify(limit)}`);
  const after = query.get('after');
  return { ...(limit === null ? {} : { limit: Number(limit) }), ...(after === null ? {} : { after }) };
};

const isError = (x: unknown): x is ErrorReply => typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

/**
 * The routes answered from the case index 办件库 in the database (the store's own, or a hot
 * standby's): work queues 待办, look-ups by case number and applicant, overdue and approaching
 * lists. Each answer names the checkpoint it reflects (`asOf`, `X-Banjian-Checkpoint`). The scope
 * rules are those of every read (`scope.ts`): hall-wide lists need the hall in scope, and a
 * look-up shows only the cases the caller may read.
 */
export const createIndexReads = (readModel: ReadModel, cases: CaseIndex, now: () => Date) => {
  /** The hall a list is of: `?hall=` if in scope, else the caller's only hall. */
  const hallOf = (query: Query, scope: ReadScope): string | undefined | ErrorReply => {
    const hall = query.get('hall');
    if (hall !== null) return mayReadHall(scope, hall) ? hall : outOfScope(`hall ${hall}`);
    if (scope.kind === 'all') return undefined;
    if (scope.kind === 'halls' && scope.halls.size === 1) return [...scope.halls][0];
    return scope.kind === 'halls' ? badRequest('hall', 'name the hall (this credential reads several)') : outOfScope('the halls');
  };
  const atMs = (query: Query): number | ErrorReply => {
    const at = query.get('at');
    if (at === null) return now().getTime();
    try {
      return parseInstant(at);
    } catch {
      return badRequest('at', `not an ISO-8601 time with offset: ${JSON.stringify(at)}`);
    }
  };
  /**
   * The rows the caller may read, by the very entry `GET /cases/:id` checks (the submission's hall,
   * applicant and agent, from the case's stream; cached), not the row's later hall.
   */
  const readable = async (rows: readonly CaseIndexRow[], scope: ReadScope): Promise<CaseIndexRow[]> => {
    const entries = await Promise.all(rows.map((row) => cases.byId(row.caseId)));
    return rows.filter((_, i) => entries[i] !== undefined && mayReadCase(scope, entries[i]!));
  };

  const answer = async (work: () => Promise<ReadReply | ErrorReply>): Promise<ReadReply | ErrorReply> => {
    try {
      return await work();
    } catch (error) {
      if (notReady(error)) {
        return { status: 503, body: { kind: 'readModelNotReady', message: 'the case index has no caught-up version yet (run `banjian project`, or the service with --read-model inline)' }, headers: { 'retry-after': '1' } };
      }
      if (error instanceof RangeError) return badRequest('after', error.message);
      throw error;
    }
  };

  return {
    /**
     * Waits (bounded) until the read model reflects the position the client names in
     * `X-Banjian-Min-Checkpoint`; 503 `readModelBehind` if it does not in time.
     */
    readAfter: async (header: string | string[] | undefined): Promise<ErrorReply | undefined> => {
      if (header === undefined) return undefined;
      const text = Array.isArray(header) ? header[0]! : header;
      if (!/^\d{1,15}$/.test(text.trim())) return badRequest('X-Banjian-Min-Checkpoint', `a global position, got ${JSON.stringify(text)}`);
      const wanted = Number(text.trim());
      const reached = await readModel.waitFor(wanted);
      if (typeof reached === 'number') return undefined;
      return {
        status: 503,
        body: { kind: 'readModelBehind', wanted, checkpoint: reached.checkpoint ?? null, message: `the read model is at ${reached.checkpoint ?? 'nothing yet'}, not yet at ${wanted}; try again` },
        headers: { 'retry-after': '1' },
      };
    },

    /** GET /queue?hall=&window=|department=|staff= — 待办: open cases, the most urgent first, paged by `?limit=&after=`. */
    queue: (query: Query, scope: ReadScope) =>
      answer(async () => {
        const hallId = hallOf(query, scope);
        if (isError(hallId)) return hallId;
        if (hallId === undefined) return badRequest('hall', 'name the hall of the work queue');
        const owners = (['window', 'department', 'staff'] as const).filter((k) => query.get(k) !== null);
        if (owners.length !== 1) return badRequest('window', 'name one of window, department or staff');
        const id = query.get(owners[0]!)!;
        const owner: QueueOwner = owners[0] === 'window' ? { hallId, windowId: id } : owners[0] === 'department' ? { hallId, departmentId: id } : { hallId, staffId: id };
        const page = pageRequest(query);
        if (isError(page)) return page;
        const floor = await readModel.checkpoint();
        return pageOf(await readModel.queries.workQueue(owner, page), floor);
      }),

    /** GET /cases?caseNo= | ?applicant= — the cases with this number, or of this applicant ref (paged), that the caller may read. */
    lookUp: (query: Query, scope: ReadScope) =>
      answer(async () => {
        const caseNo = query.get('caseNo');
        const applicant = query.get('applicant');
        if ((caseNo === null) === (applicant === null)) return badRequest('caseNo', 'name a caseNo or an applicant ref');
        if (caseNo !== null) {
          const { rows, checkpoint, version } = await readModel.byCaseNo(caseNo);
          return pageOf({ rows, next: undefined, checkpoint, version }, checkpoint, await readable(rows, scope));
        }
        const page = pageRequest(query);
        if (isError(page)) return page;
        const floor = await readModel.checkpoint();
        const found = await readModel.queries.ofApplicant(applicant!, page);
        return pageOf(found, floor, await readable(found.rows, scope));
      }),

    /** GET /overdue?hall=&at= — open, running cases past their promised due time, the longest overdue first. */
    overdue: (query: Query, scope: ReadScope) =>
      answer(async () => {
        const hallId = hallOf(query, scope);
        const at = atMs(query);
        const page = pageRequest(query);
        for (const reply of [hallId, at, page]) if (isError(reply)) return reply;
        const floor = await readModel.checkpoint();
        return pageOf(await readModel.queries.overdue(at as number, { ...(page as object), ...(hallId ? { hallId: hallId as string } : {}) }), floor);
      }),

    /** GET /approaching?hall=&at=&withinHours= — open, running cases due within the hours after `at` (default 24). */
    approaching: (query: Query, scope: ReadScope) =>
      answer(async () => {
        const hallId = hallOf(query, scope);
        const at = atMs(query);
        const page = pageRequest(query);
        for (const reply of [hallId, at, page]) if (isError(reply)) return reply;
        const hours = query.get('withinHours') ?? '24';
        if (!/^\d{1,4}$/.test(hours) || Number(hours) === 0) return badRequest('withinHours', `a whole number of hours ≥ 1, got ${JSON.stringify(hours)}`);
        const floor = await readModel.checkpoint();
        return pageOf(await readModel.queries.approaching(at as number, Number(hours) * 3_600_000, { ...(page as object), ...(hallId ? { hallId: hallId as string } : {}) }), floor);
      }),
  };
};

export type IndexReads = ReturnType<typeof createIndexReads>;
