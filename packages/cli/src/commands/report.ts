import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { buildReport, renderReportText, type ReportBy } from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';
import { parseAsOf } from './trail';

const BY: readonly ReportBy[] = ['department', 'window', 'staff', 'item', 'kind', 'channel', 'hall', 'day', 'week', 'month', 'quarter', 'year'];

const USAGE = `usage: banjian report --from D --to D [--hall H] [--by department|window|item|month] [--json] [--store URL]

  --from, --to  the period [from, to) of local dates YYYY-MM-DD in the hall's zone (--to is exclusive)
  --hall        a hall id; the halls below it roll up into it (default: every hall)
  --by          break down by ${BY.join(', ')}
  --as-of       recompute as the log stood: a global position or an ISO-8601 time with offset
  --json        print {period, hall, checkpoint, calendarVersion, figures: {<id>: {value, display,
                numerator, denominator, unit, definition}}} (spec §5 ids)
  --store       store URL (default ${DEFAULT_STORE_URL})`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  options: { from: { type: 'string' }, to: { type: 'string' }, hall: { type: 'string' }, by: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  run: async ({ values, io }) => {
    const from = dateOption(values, 'from');
    const to = dateOption(values, 'to');
    if (to <= from) throw new UsageError(`--to ${to} must be after --from ${from} (the period is [from, to))`);
    const by = stringOption(values, 'by');
    if (by !== undefined && !BY.includes(by as ReportBy)) throw new UsageError(`--by ${JSON.stringify(by)} is not one of ${BY.join(', ')}`);
    const hall = stringOption(values, 'hall');
    const asOfText = stringOption(values, 'as-of');
    const store = await openStoreOption(values, { create: false });
    try {
      const report = await buildReport(store, {
        from, to, ...(hall ? { hall } : {}), ...(by ? { by: by as ReportBy } : {}), ...(asOfText ? { asOf: parseAsOf(asOfText) } : {}),
      }).catch((e: unknown) => {
        if (e instanceof RangeError && /unknown hall/.test(e.message)) throw new UsageError(`--hall: ${e.message}`);
        throw e;
      });
      io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : renderReportText(report));
      return 0;
    } finally {
      await store.close();
    }
  },
};
