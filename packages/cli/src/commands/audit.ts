import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { auditCsv, buildAudit, DEFAULT_AUDIT_THRESHOLDS, isAuditOptionsError, renderAuditText, THRESHOLD_KEYS } from '@banjian/projections';
import { stringOption, stringOptions, UsageError, type Command } from './command';
import { dateOption } from './report';
import { openStoreOption } from './store-option';
import { parseAsOf } from './trail';

const USAGE = `usage: banjian audit --from D --to D [--hall H] [--json|--csv] [--threshold key=value …] [--store URL]

  Anomaly findings 异常办件 of the period: back-dated entries 倒签/补录, cases handled outside the
  system 体外循环, withdrawn and resubmitted 撤回重报, suspensions and extensions at the last minute,
  evaluation padding 刷好评 and bad reviews removed on appeal 删差评. Each finding names its
  definition (id@version), severity, case, staff, department and the global positions of the
  events that prove it (docs/audit.md: how to check one by hand).

  --from, --to  the period [from, to) of local dates YYYY-MM-DD in the hall's zone (--to is exclusive)
  --hall        a hall id; the halls below it roll up into it (default: every hall)
  --threshold   key=value, repeatable (defaults: ${THRESHOLD_KEYS.map((k) => `${k}=${DEFAULT_AUDIT_THRESHOLDS[k]}`).join(', ')})
  --as-of       audit the log as it stood: a global position or an ISO-8601 time with offset
  --json        print {period, hall, checkpoint, cases, thresholds, definitions, findings, counts, departments, staff}
  --csv         print the findings as CSV, one row a finding
  --store       store URL (default ${DEFAULT_STORE_URL})`;

/** `--threshold key=value` pairs; the keys and ranges are checked by the projection. */
export const parseThresholds = (pairs: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z.]+)=(.+)$/.exec(pair);
    const value = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isFinite(value)) throw new UsageError(`--threshold ${JSON.stringify(pair)} is not key=number (keys: ${THRESHOLD_KEYS.join(', ')})`);
    out[m[1]!] = value;
  }
  return out;
};

export const auditCommand: Command = {
  name: 'audit',
  usage: USAGE,
  options: {
    from: { type: 'string' }, to: { type: 'string' }, hall: { type: 'string' }, threshold: { type: 'string', multiple: true },
    'as-of': { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' },
  },
  run: async ({ values, io }) => {
    const from = dateOption(values, 'from');
    const to = dateOption(values, 'to');
    if (to <= from) throw new UsageError(`--to ${to} must be after --from ${from} (the period is [from, to))`);
    if (values.json && values.csv) throw new UsageError('--json and --csv: choose one');
    const thresholds = parseThresholds(stringOptions(values, 'threshold'));
    const hall = stringOption(values, 'hall');
    const asOfText = stringOption(values, 'as-of');
    const asOf = asOfText === undefined ? undefined : parseAsOf(asOfText);
    const store = await openStoreOption(values, { create: false });
    try {
      const report = await buildAudit(store, { from, to, thresholds, ...(hall ? { hall } : {}), ...(asOf ? { asOf } : {}) }).catch((e: unknown) => {
        if (isAuditOptionsError(e)) throw new UsageError((e as Error).message);
        throw e;
      });
      io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : values.csv ? auditCsv(report) : renderAuditText(report));
      return 0;
    } finally {
      await store.close();
    }
  },
};
