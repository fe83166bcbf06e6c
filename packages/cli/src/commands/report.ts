import { DEFAULT_STORE_URL, openReadModelDatabase, readModelDatabaseOf, StoreUrlError } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';
import {
  buildReport, createFigureQueries, FigureFactsUnsupportedError, figureFactsServe, renderReportText, type Report, type ReportBy, type ReportOptions,
} from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';
import { parseAsOf } from './trail';

const BY: readonly ReportBy[] = ['department', 'window', 'staff', 'item', 'kind', 'channel', 'hall', 'day', 'week', 'month', 'quarter', 'year'];

const USAGE = `usage: banjian report --from D --to D [--hall H] [--by department|window|item|month] [--source auto|read-model|rebuild] [--read-store URL] [--json] [--store URL]

  --from, --to  the period [from, to) of local dates YYYY-MM-DD in the hall's zone (--to is exclusive)
  --hall        a hall id; the halls below it roll up into it (default: every hall)
  --by          break down by ${BY.join(', ')}
  --as-of       recompute as the log stood: a global position or an ISO-8601 time with offset
  --read-store  query the read model at this URL instead of --store's database: a PostgreSQL hot
                standby (postgres://…?schema=, opened read-only: nothing created); also BANJIAN_READ_STORE
  --source      auto (default): sum the figure facts read model in the store's database when it has
                caught up with the log (\`banjian project\`) and can answer the options, else rebuild
                from the log; read-model: the read model even if it lags (it names its checkpoint);
                rebuild: always from the log. The report says which it used.
  --json        print {period, hall, checkpoint, calendarVersion, figures: {<id>: {value, display,
                numerator, denominator, unit, definition}}, source} (spec §5 ids)
  --store       store URL (default ${DEFAULT_STORE_URL})`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SOURCES = ['auto', 'read-model', 'rebuild'] as const;
type SourceChoice = (typeof SOURCES)[number];

/** Which the report came from: the figure facts at a checkpoint, or a rebuild of the log. */
type ReportSource = { kind: 'readModel'; model: string; checkpoint: number } | { kind: 'rebuild'; reason: string };

const headOf = async (db: SqlDatabase): Promise<number> => {
  const [row] = await db.query<{ head: number }>(`SELECT coalesce(max(global_position), 0) AS head FROM ${db.table('events')}`);
  return Number(row?.head ?? 0);
};

/** `--read-store` (or `BANJIAN_READ_STORE`): where the read model is queried (a hot standby), opened without opening a store. */
const openReadStore = async (url: string): Promise<SqlDatabase> => {
  try {
    return await openReadModelDatabase(url);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new UsageError(`--read-store: ${error.message}`);
    throw error;
  }
};

/** The report from the figure facts when chosen (or caught up, under auto), else rebuilt from the log. */
const reportFrom = async (store: EventStore, options: ReportOptions, choice: SourceChoice, readStore?: string): Promise<{ report: Report; source: ReportSource }> => {
  const rebuilt = async (reason: string) => ({ report: await buildReport(store, options), source: { kind: 'rebuild', reason } as const });
  if (choice === 'rebuild') return rebuilt('--source rebuild');
  // On a standby the head compared with is the standby's own copy of the log: the answer is that copy's, at the checkpoint it names.
  const db = readStore ? await openReadStore(readStore) : readModelDatabaseOf(store);
  const refuse = (reason: string) => {
    if (choice === 'read-model') throw new UsageError(`--source read-model: ${reason}`);
    return rebuilt(reason);
  };
  if (!db) return refuse('this store has no database of its own for read models');
  try {
    const queries = createFigureQueries(db);
    const unsupported = figureFactsServe(options);
    if (unsupported) return await refuse(`the read model cannot answer ${unsupported}`);
    const active = await queries.active();
    if (!active) return await refuse('no figure facts yet (run banjian project)');
    const head = await headOf(db);
    if (choice === 'auto' && active.checkpoint !== head) return await rebuilt(`figureFacts@${active.version} at ${active.checkpoint} lags the log head ${head}`);
    const summed = await queries.report(options, active).catch((e: unknown) => {
      if (e instanceof FigureFactsUnsupportedError) return e;
      throw e;
    });
    if (summed instanceof FigureFactsUnsupportedError) return await refuse(summed.reason);
    const { source: _, ...report } = summed;
    return { report, source: { kind: 'readModel', model: `${active.model}@${active.version}`, checkpoint: active.checkpoint } };
  } finally {
    await db.close();
  }
};

const sourceLine = (source: ReportSource): string =>
  source.kind === 'readModel' ? `来源 source: read model ${source.model} at checkpoint ${source.checkpoint}` : `来源 source: rebuild of the log (${source.reason})`;

/** `--from` / `--to`: a real calendar date YYYY-MM-DD (also read by `audit`). */
export const dateOption = (values: Record<string, unknown>, name: 'from' | 'to'): string => {
  const v = stringOption(values as never, name);
  if (v === undefined) throw new UsageError(`--${name} is required (a date YYYY-MM-DD)`);
  const ms = Date.parse(`${v}T00:00:00Z`);
  if (!DATE.test(v) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) throw new UsageError(`--${name} ${JSON.stringify(v)} is not a date YYYY-MM-DD`);
  return v;
};

export const reportCommand: Command = {
  name: 'report',
  usage: USAGE,
  options: {
    from: { type: 'string' }, to: { type: 'string' }, hall: { type: 'string' }, by: { type: 'string' }, 'as-of': { type: 'string' }, source: { type: 'string' }, 'read-store': { type: 'string' }, json: { type: 'boolean' },
  },
  run: async ({ values, io }) => {
    const from = dateOption(values, 'from');
    const to = dateOption(values, 'to');
    if (to <= from) throw new UsageError(`--to ${to} must be after --from ${from} (the period is [from, to))`);
    const by = stringOption(values, 'by');
    if (by !== undefined && !BY.includes(by as ReportBy)) throw new UsageError(`--by ${JSON.stringify(by)} is not one of ${BY.join(', ')}`);
    const hall = stringOption(values, 'hall');
    const asOfText = stringOption(values, 'as-of');
    const choice = (stringOption(values, 'source') ?? 'auto') as SourceChoice;
    if (!SOURCES.includes(choice)) throw new UsageError(`--source ${JSON.stringify(choice)} is not one of ${SOURCES.join(', ')}`);
    const store = await openStoreOption(values, { create: false });
    try {
      const options: ReportOptions = {
        from, to, ...(hall ? { hall } : {}), ...(by ? { by: by as ReportBy } : {}), ...(asOfText ? { asOf: parseAsOf(asOfText) } : {}),
      };
      const readStore = stringOption(values, 'read-store') ?? process.env.BANJIAN_READ_STORE;
      const { report, source } = await reportFrom(store, options, choice, readStore).catch((e: unknown) => {
        if (e instanceof RangeError && /unknown hall/.test(e.message)) throw new UsageError(`--hall: ${e.message}`);
        throw e;
      });
      io.stdout.write(values.json ? `${JSON.stringify({ ...report, source })}\n` : `${renderReportText(report)}${sourceLine(source)}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
