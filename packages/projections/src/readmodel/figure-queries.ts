import type { SqlDatabase, StoredEvent } from '@banjian/core';
import { applyContextEvent, createHallContext, type HallContext } from '../cases/context';
import { ratio } from '../figures/exact';
import {
  addAcceptances, addClosedBadReviews, addComplaintAnswers, addCompletions, addDeemedConsents, addEvaluations, addJointReplies, addMoneySum, addOpen,
} from '../figures/judge';
import { DEFAULT_FIGURE_OPTIONS, resolveOptions, type FigureOptions } from '../figures/options';
import type { ScanRequest, TallyScanner } from '../figures/query';
import { createTallyBook, type TallyBook } from '../figures/tally';
import { reportWith, type Report, type ReportOptions } from '../report/build-report';
import { COMPLETION_FLAGS, decodeFlags, EVALUATION_FLAGS, FACT, OPEN_FLAGS } from './figure-rows';
import { figureContextTable, figureFactsTable, figureReaderIndexed, keyColumn } from './figure-schema';
import { FIGURE_FACTS_NAME } from './figure-facts';
import { checkpointTable } from './schema';

/** The report asked for cannot be summed from the figure facts (a variant judged otherwise, an as-of bound, …): rebuild it. */
export class FigureFactsUnsupportedError extends Error {
  override readonly name = 'FigureFactsUnsupportedError';
  readonly kind = 'figureFactsUnsupported' as const;
  constructor(readonly reason: string) {
    super(`figure facts cannot answer this report: ${reason}`);
  }
}

/** The figure facts version readers use and the global position it reflects. */
export interface FigureFactsSource {
  readonly model: string;
  readonly version: number;
  readonly checkpoint: number;
}

/**
 * Why the figure facts cannot serve these report options, or undefined when they can: the facts
 * were judged under the default definitions, so only variants applied after judging (counting
 * flow/cohort, the two denominators, the year-over-year figure) are served.
 */
export const figureFactsServe = (options: ReportOptions): string | undefined => {
  if (options.asOf) return 'an as-of bound (the facts reflect the log at their checkpoint)';
  const o: FigureOptions = resolveOptions(options.definitions);
  const d = DEFAULT_FIGURE_OPTIONS;
  if (JSON.stringify(o.clock) !== JSON.stringify(d.clock)) return 'a clock variant (facts are judged under the default clock)';
  if (JSON.stringify(o.satisfiedLevels) !== JSON.stringify(d.satisfiedLevels)) return 'a satisfiedLevels variant';
  if (o.rectificationWorkingDays !== d.rectificationWorkingDays) return 'a rectificationWorkingDays variant';
  if (o.actualSpeedup !== d.actualSpeedup) return 'the meanOfRatios speed-up (a sum of binary floats per case)';
  return undefined;
};

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v).split('.')[0]!));
const MONEY_SCALE = 1_000_000n;

/** Adds one group of the database's counts and sums to its tally, by the judgements' own rules. */
const addGroup = (book: TallyBook, r: Record<string, unknown>): void => {
  const t = book.of(text(r.k));
  const n = num(r.n);
  const flags = num(r.flags);
  switch (num(r.fact)) {
    case FACT.consultation:
      t.consultations += n;
      return;
    case FACT.complaintFiled:
      t.complaints += n;
      return;
    case FACT.complaintAnswered:
      addComplaintAnswers(t, flags === 1, n);
      return;
    case FACT.application:
      t.applications += n;
      return;
    case FACT.rejected:
      t.rejected += n;
      return;
    case FACT.accepted:
      addAcceptances(t, n, big(r.s1), flags === 1 ? n : 0, num(r.c1));
      if (r.currency !== null && r.currency !== undefined) addMoneySum(t.investmentAccepted, text(r.currency), ratio(big(r.sa), MONEY_SCALE));
      return;
    case FACT.approved:
      addMoneySum(t.investmentApproved, text(r.currency), ratio(big(r.sa), MONEY_SCALE));
      return;
    case FACT.completed:
      addCompletions(t, { ...decodeFlags(COMPLETION_FLAGS, flags), perDayMs: num(r.per_day_ms), actualMs: num(r.s1), statutoryMs: num(r.s2), speedupRatio: 0 }, n, num(r.c1));
      return;
    case FACT.open:
      addOpen(t, decodeFlags(OPEN_FLAGS, flags), n);
      return;
    case FACT.jointAnswered:
      addJointReplies(t, flags === 1, n);
      return;
    case FACT.jointDeemed:
      addDeemedConsents(t, n);
      return;
    case FACT.evaluation:
      addEvaluations(t, decodeFlags(EVALUATION_FLAGS, flags), n);
      return;
    case FACT.badReviewClosed:
      addClosedBadReviews(t, flags === 1, n);
      return;
    case FACT.followUp:
      t.followUps += n;
      return;
    case FACT.lateEntry:
      t.lateEntries += n;
      return;
  }
};

/**
 * The SQL of one walk: the facts of the period (flow), the completions of the cases accepted in it
 * (cohort), and the status runs holding at its end — counted and summed per fact kind, key,
 * judgement and office-day length; the conditions are the report's (scan.ts), on the stored times.
 */
const walkSql = (table: string, request: ScanRequest): { sql: string; params: unknown[] } => {
  const params: unknown[] = [request.startMs, request.endMs];
  const halls = request.halls ? [...request.halls] : undefined;
  const inHalls = halls ? `hall_id IN (${halls.map((h) => (params.push(h), `$${params.length}`)).join(', ')})` : '1 = 1';
  const k = request.by ? keyColumn(request.by) : `''`;
  const select = (carried: string) =>
    `SELECT fact, ${k} AS k, flags, per_day_ms, currency, COUNT(*) AS n, SUM(ms1) AS s1, SUM(ms2) AS s2, SUM(amount) AS sa, SUM(${carried}) AS c1 FROM ${table}`;
  const group = `GROUP BY fact, ${request.by ? `${k}, ` : ''}flags, per_day_ms, currency`;
  const cohort = request.options.counting === 'cohort';
  const periodFacts = `${select(`CASE WHEN fact = ${FACT.completed} AND accepted_at < $1 THEN 1 WHEN fact = ${FACT.accepted} AND (close_at IS NULL OR close_at >= $2) THEN 1 ELSE 0 END`)}
    WHERE ${inHalls} AND at_ms >= $1 AND at_ms < $2 AND fact <> ${FACT.open}${cohort ? ` AND fact <> ${FACT.completed}` : ''}
      AND (fact NOT IN (${FACT.approved}, ${FACT.completed}, ${FACT.jointAnswered}, ${FACT.jointDeemed}) OR accepted_at < $2) ${group}`;
  const cohortCompletions = `${select('0')} WHERE ${inHalls} AND fact = ${FACT.completed} AND accepted_at >= $1 AND accepted_at < $2 ${group}`;
  const openAtEnd = `${select('0')} WHERE ${inHalls} AND fact = ${FACT.open} AND until_ms >= $2 AND at_ms <= $2 ${group}`;
  return { sql: [periodFacts, ...(cohort ? [cohortCompletions] : []), openAtEnd].join('\nUNION ALL\n'), params };
};

/** The zone every hall of the scope must share with the anchor hall (open status is kept by local midnight). */
const oneZone = (ctx: HallContext, request: ScanRequest): boolean => {
  const halls = request.halls ? [...request.halls] : [...ctx.halls.keys()];
  return new Set(halls.map((h) => ctx.halls.get(h)?.timeZone)).size <= 1;
};

/**
 * Reports summed in the store's database from the figure facts (the highest active version), the
 * same report `buildReport` gives from the log at the facts' checkpoint.
 */
export const createFigureQueries = (db: SqlDatabase) => {
  /** The version readers use, or undefined before one has caught up. */
  const active = async (): Promise<FigureFactsSource | undefined> => {
    const [row] = await db
      .query<{ version: number; position: number }>(`SELECT version, position FROM ${checkpointTable(db)} WHERE name = $1 AND active = 1 ORDER BY version DESC LIMIT 1`, [FIGURE_FACTS_NAME])
      .catch(() => []);
    return row ? { model: FIGURE_FACTS_NAME, version: Number(row.version), checkpoint: Number(row.position) } : undefined;
  };

  /**
   * The hall context the facts were judged under (organisation, catalogue, calendars), folded from
   * its stored events; kept per version and brought up to date with the events stored since (the
   * table only grows, in log order), one refresh at a time.
   */
  const contexts = new Map<number, { ctx: HallContext; position: number; refreshing: Promise<void> }>();
  const context = async (version: number): Promise<HallContext> => {
    let kept = contexts.get(version);
    if (!kept) contexts.set(version, (kept = { ctx: createHallContext(), position: 0, refreshing: Promise.resolve() }));
    const own = kept;
    const refreshed = own.refreshing.then(async () => {
      const rows = await db.query<{ position: number; event: string }>(`SELECT position, event FROM ${figureContextTable(db, version)} WHERE position > $1 ORDER BY position`, [own.position]);
      for (const r of rows) {
        applyContextEvent(own.ctx, JSON.parse(r.event) as StoredEvent);
        own.position = Number(r.position);
      }
    });
    own.refreshing = refreshed.catch(() => undefined);
    await refreshed;
    return own.ctx;
  };

  /** Versions whose covering indexes were found (built once, never dropped while read). */
  const indexed = new Set<number>();
  /** A version is summed only once its covering indexes exist: built when it has caught up, before it is activated. */
  const readable = async (version: number): Promise<void> => {
    if (indexed.has(version)) return;
    if (!(await figureReaderIndexed(db, version))) {
      throw new FigureFactsUnsupportedError(`${FIGURE_FACTS_NAME}@${version} is not ready to read: its covering indexes are built once it has caught up with the log`);
    }
    indexed.add(version);
  };

  const walk = async (version: number, request: ScanRequest): Promise<TallyBook> => {
    const { sql, params } = walkSql(figureFactsTable(db, version), request);
    const book = createTallyBook();
    for (const r of await db.query<Record<string, unknown>>(sql, params)) addGroup(book, r);
    return book;
  };

  return {
    active,
    context,
    /** The report of `buildReport` from the figure facts; `FigureFactsUnsupportedError` when they cannot serve it. */
    async report(options: ReportOptions, source?: FigureFactsSource): Promise<Report & { source: FigureFactsSource }> {
      const unsupported = figureFactsServe(options);
      if (unsupported) throw new FigureFactsUnsupportedError(unsupported);
      const at = source ?? (await active());
      if (!at) throw new FigureFactsUnsupportedError('no version has caught up yet');
      await readable(at.version);
      const ctx = await context(at.version);
      // First pass: which walks the report makes (periods, previous years, groups); then each summed in the database.
      const requests = new Map<string, ScanRequest>();
      const keyOf = (r: ScanRequest) => `${r.startMs}|${r.endMs}|${r.by ?? ''}`;
      reportWith(ctx, at.checkpoint, options, (r) => {
        requests.set(keyOf(r), r);
        return createTallyBook();
      });
      const books = new Map<string, TallyBook>();
      for (const [key, r] of requests) {
        if (!oneZone(ctx, r)) throw new FigureFactsUnsupportedError('halls of the scope in more than one time zone');
        books.set(key, await walk(at.version, r));
      }
      const scan: TallyScanner = (r) => books.get(keyOf(r)) ?? createTallyBook();
      return { ...reportWith(ctx, at.checkpoint, options, scan), source: at };
    },
  };
};

export type FigureQueries = ReturnType<typeof createFigureQueries>;
