import { caseStream, parseInstant, type EventStore } from '@banjian/core';
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
import { badRequest, notFound, type ErrorReply } from './http-errors';

export interface ReadReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

type Query = URLSearchParams;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BY: readonly string[] = ['department', 'window', 'staff', 'item', 'kind', 'channel', 'hall', 'day', 'week', 'month', 'quarter', 'year'];

const ok = (body: unknown, headers?: Record<string, string>): ReadReply => ({ status: 200, body, ...(headers ? { headers } : {}) });

/** `?at=` as an instant with offset, default now; an error reply names the parameter. */
const instantParam = (query: Query): string | ErrorReply => {
  const at = query.get('at') ?? new Date().toISOString();
  try {
    parseInstant(at);
    return at;
  } catch {
    return badRequest('at', `not an ISO-8601 time with offset: ${JSON.stringify(at)}`);
  }
};

const isError = (x: unknown): x is ErrorReply => typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

/**
 * The read side: per-case facts kept by a projection runner that catches up with the log before
 * each answer (new events from this service or any other writer), and trails read per stream.
 */
export const createReadEndpoints = (store: EventStore) => {
  const runner = createProjectionRunner({ store, projections: [caseFactsProjection] });
  const facts = async (): Promise<CaseFactsState> => {
    await runner.catchUp();
    return runner.state<CaseFactsState>(caseFactsProjection.name);
  };

  return {
    /** GET /cases/:id — the case summary 办件概要 at `?at=` (default now), with its stream version as ETag. */
    caseSummary: async (caseId: string, query: Query): Promise<ReadReply> => {
      const at = instantParam(query);
      if (isError(at)) return at;
      const summary = caseSummaryAt(await facts(), caseId, at);
      if (!summary) return notFound(`case ${caseId}`);
      const version = (await store.readStream(caseStream(caseId))).length - 1;
      return ok({ version, summary }, { etag: `"${version}"` });
    },

    /** GET /cases/:id/trail — the audit trail, optionally `?asOf=` a global position or an instant. */
    trail: async (caseId: string, query: Query): Promise<ReadReply> => {
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
    watch: async (query: Query): Promise<ReadReply> => {
      const at = instantParam(query);
      if (isError(at)) return at;
      const hall = query.get('hall');
      return ok(deadlineWatch(await facts(), { at, ...(hall ? { hallIds: [hall] } : {}) }));
    },

    /** GET /report?from&to[&hall][&by] — the figures of spec §5 over `[from, to)`, at the runner's checkpoint. */
    report: async (query: Query): Promise<ReadReply> => {
      const [from, to, hall, by] = ['from', 'to', 'hall', 'by'].map((name) => query.get(name) ?? undefined);
      for (const [name, value] of [['from', from], ['to', to]] as const) {
        if (value === undefined || !DATE.test(value)) return badRequest(name, `a date YYYY-MM-DD is required, got ${JSON.stringify(value ?? null)}`);
      }
      if (to! <= from!) return badRequest('to', `must be after from (the period is [from, to))`);
      if (by !== undefined && !BY.includes(by)) return badRequest('by', `one of ${BY.join(', ')}`);
      const state = await facts();
      if (hall !== undefined && !state.context.halls.has(hall)) return notFound(`hall ${hall}`);
      return ok(reportFromFacts(state, runner.position, { from: from!, to: to!, ...(hall ? { hall } : {}), ...(by ? { by: by as ReportBy } : {}) }));
    },
  };
};
