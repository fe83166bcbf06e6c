import { parseInstant, type EventStore } from '@banjian/core';
import {
  caseFactsProjection,
  caseSummaryAt,
  createProjectionRunner,
  deadlineWatch,
  reportFromFacts,
  trailOf,
  type CaseFactsState,
  type ReportBy,
} from '@banjian/projections';
import type { CaseIndex } from './case-index';
import { notReady, type ReadModel } from './read-model';
import { createCaseFacts } from './case-facts';
import { badRequest, notFound, type ErrorReply } from './http-errors';
import { mayReadCase, mayReadHall, type ReadScope } from './scope';

export interface ReadReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

type Query = URLSearchParams;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BY: readonly string[] = ['department', 'window', 'staff', 'item', 'kind', 'channel', 'hall', 'day', 'week', 'month', 'quarter', 'year'];

const outOfScope = (what: string): ErrorReply => ({ status: 403, body: { kind: 'forbidden', rule: 'read.outOfScope', message: `${what} is outside what this credential may read` } });

const ok = (body: unknown, headers?: Record<string, string>): ReadReply => ({ status: 200, body, ...(headers ? { headers } : {}) });

const isError = (x: unknown): x is ErrorReply => typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

/** The header naming the global position of the log an answer reflects. */
export const CHECKPOINT_HEADER = 'x-banjian-checkpoint';

/**
 * The read side: a case's summary and trail from its own stream (over the hall context, never a
 * fold of every case); the watch and the report from every case's facts, folded by a projection
 * runner made on their first use, which catches up with the log before each answer. Every read is
 * within the caller's scope (`scope.ts`); a case outside it answers as an unknown case (404), so
 * nobody learns which cases exist elsewhere.
 */
export const createReadEndpoints = (store: EventStore, cases: CaseIndex, now: () => Date, readModel?: ReadModel) => {
  let runner: ReturnType<typeof createProjectionRunner> | undefined;
  const facts = async (): Promise<CaseFactsState> => {
    runner ??= createProjectionRunner({ store, projections: [caseFactsProjection] });
    await runner.catchUp();
    return runner.state<CaseFactsState>(caseFactsProjection.name);
  };
  const caseFacts = createCaseFacts(store);
  const oneCase = caseFacts.one;
  const visible = async (caseId: string, scope: ReadScope): Promise<boolean> => {
    const entry = await cases.byId(caseId);
    return entry !== undefined && mayReadCase(scope, entry);
  };
  /** `?at=` as an instant with offset, default now (the service's clock). */
  const instantParam = (query: Query): string | ErrorReply => {
    const at = query.get('at') ?? now().toISOString();
    try {
      parseInstant(at);
      return at;
    } catch {
      return badRequest('at', `not an ISO-8601 time with offset: ${JSON.stringify(at)}`);
    }
  };
  /** `X-Banjian-Min-Checkpoint`: the position a client wants the answer to reflect. */
  const positionParam = (header: string | string[] | undefined): number | undefined | ErrorReply => {
    const text = Array.isArray(header) ? header[0] : header;
    if (text === undefined) return undefined;
    return /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : badRequest('X-Banjian-Min-Checkpoint', `a global position, got ${JSON.stringify(text)}`);
  };
  /** The halls a hall-wide read covers: the one asked for (if in scope), else every hall of the scope. */
  const hallsOf = (hall: string | undefined, scope: ReadScope): readonly string[] | undefined | ErrorReply => {
    if (hall !== undefined) return mayReadHall(scope, hall) ? [hall] : outOfScope(`hall ${hall}`);
    if (scope.kind === 'all') return undefined;
    if (scope.kind === 'halls') return [...scope.halls];
    return outOfScope('the halls');
  };

  return {
    oneCase,
    /** GET /cases/:id — the case summary 办件概要 at `?at=` (default now), with its stream version as ETag. */
    caseSummary: async (caseId: string, query: Query, scope: ReadScope): Promise<ReadReply> => {
      if (!(await visible(caseId, scope))) return notFound(`case ${caseId}`);
      const at = instantParam(query);
      if (isError(at)) return at;
      const one = await oneCase(caseId);
      const summary = one && caseSummaryAt(one.state, caseId, at);
      if (!one || !summary) return notFound(`case ${caseId}`);
      return ok({ version: one.version, summary, asOf: { checkpoint: one.checkpoint } }, { etag: `"${one.version}"`, [CHECKPOINT_HEADER]: String(one.checkpoint) });
    },

    /** GET /cases/:id/trail — the audit trail, optionally `?asOf=` a global position or an instant. */
    trail: async (caseId: string, query: Query, scope: ReadScope): Promise<ReadReply> => {
      if (!(await visible(caseId, scope))) return notFound(`case ${caseId}`);
      const asOfText = query.get('asOf');
      let asOf;
      if (asOfText !== null) {
        if (/^\d+$/.test(asOfText)) asOf = { position: Number(asOfText) };
        else {
          try {
            parseInstant(asOfText);
          } catch {
            return badRequest('asOf', `neither a global position nor an ISO-8601 time with offset: ${JSON.stringify(asOfText)}`);
          }
          asOf = { occurredAt: asOfText };
        }
      }
      const trail = await trailOf(store, caseId, asOf ? { asOf } : {});
      return trail.entries.length === 0 ? notFound(`case ${caseId}`) : ok(trail);
    },

    /** GET /watch — open cases by alert level at `?at=` (default now), `?hall=` to narrow. */
    watch: async (query: Query, scope: ReadScope, minCheckpoint?: string | string[]): Promise<ReadReply> => {
      const at = instantParam(query);
      if (isError(at)) return at;
      const hallIds = hallsOf(query.get('hall') ?? undefined, scope);
      if (isError(hallIds)) return hallIds;
      const wanted = positionParam(minCheckpoint);
      if (isError(wanted)) return wanted;
      const watchQuery = { at, ...(hallIds ? { hallIds } : {}) };
      // From the case index (once at the client's position, if it names one): only the cases it says
      // may be open then are folded, each from its own stream. Else from the whole log.
      const indexed = readModel && (wanted === undefined || typeof (await readModel.waitFor(wanted)) === 'number');
      const candidates = indexed && (await readModel.maybeOpenAt(parseInstant(at), hallIds).catch((error: unknown) => {
        if (notReady(error)) return undefined;
        throw error;
      }));
      if (candidates) {
        const watch = deadlineWatch(await caseFacts.many(candidates.caseIds), watchQuery);
        return ok({ ...watch, asOf: { checkpoint: candidates.checkpoint } }, { [CHECKPOINT_HEADER]: String(candidates.checkpoint) });
      }
      const state = await facts();
      return ok(deadlineWatch(state, watchQuery), { [CHECKPOINT_HEADER]: String(runner!.position) });
    },

    /**
     * GET /report?from&to[&hall][&by] — the figures of spec §5 over `[from, to)`: summed in the
     * database from the figure facts when they can answer (and have reached the position of
     * `X-Banjian-Min-Checkpoint`, if sent), else from the log folded here; `source` says which,
     * `checkpoint` (and the header) the log position it reflects.
     */
    report: async (query: Query, scope: ReadScope, minCheckpoint?: string | string[]): Promise<ReadReply> => {
      const [from, to, hall, by] = ['from', 'to', 'hall', 'by'].map((name) => query.get(name) ?? undefined);
      for (const [name, value] of [['from', from], ['to', to]] as const) {
        if (value === undefined || !DATE.test(value)) return badRequest(name, `a date YYYY-MM-DD is required, got ${JSON.stringify(value ?? null)}`);
      }
      if (to! <= from!) return badRequest('to', `must be after from (the period is [from, to))`);
      if (by !== undefined && !BY.includes(by)) return badRequest('by', `one of ${BY.join(', ')}`);
      const wanted = positionParam(minCheckpoint);
      if (isError(wanted)) return wanted;
      const request = { from: from!, to: to!, ...(hall ? { hall } : {}), ...(by ? { by: by as ReportBy } : {}) };
      const caughtUp = readModel && (wanted === undefined || typeof (await readModel.waitFor(wanted, ['figureFacts'])) === 'number');
      const summed = caughtUp
        ? await readModel.report(request).catch((error: unknown) => {
            if (error instanceof RangeError && /unknown hall/.test(error.message)) return 'unknownHall' as const;
            throw error;
          })
        : undefined;
      const state = summed ? undefined : await facts();
      if (summed === 'unknownHall' || (hall !== undefined && state && !state.context.halls.has(hall))) return notFound(`hall ${hall}`);
      // Without ?hall= the report covers every hall, so only a scope of every hall may ask for it.
      const halls = hallsOf(hall, scope);
      if (isError(halls)) return halls;
      if (hall === undefined && scope.kind !== 'all') return badRequest('hall', 'name the hall to report on (the report without one covers every hall)');
      if (summed) return ok(summed, { [CHECKPOINT_HEADER]: String(summed.source.checkpoint) });
      const checkpoint = runner!.position;
      return ok({ ...reportFromFacts(state!, checkpoint, request), source: { model: 'log', checkpoint } }, { [CHECKPOINT_HEADER]: String(checkpoint) });
    },
  };
};
