import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { exportEventLog, type EventStore } from '@banjian/core';
import { stringOption, UsageError, type Command, type OptionValues } from './command';
import { writeBundle, type BundleOptions } from './export-bundle';
import { exportPersonalData, personalExportOptions } from './export-personal';
import { dateOption } from './report';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian export [--out file.ndjson] [--store URL]
       banjian export --bundle DIR [--key PEM|path] [--from D --to D] [--hall H] [--store URL]

  Writes the whole log as NDJSON (spec §7), one event a line in global order, with globalPosition,
  prevHash and hash — the stored bytes, so an import elsewhere recomputes the same hashes.
  --out     the file to write (default: standard output); written whole or not at all
  --bundle  an auditor's bundle 审计包 in a new or empty folder: events.ndjson, checkpoints/ (the store's,
            and with --key one signed over the exported log), public-key.pem, report.json (report --json),
            definitions.json, findings.json (audit --json), manifest.json (SHA-256 of each file);
            examples/auditor-replay --bundle DIR verifies and reconciles it offline
  --key     Ed25519 private key (PEM text or path) to sign the bundle's checkpoint
  --from, --to, --hall  the period and hall of the bundle's report and findings (default: the
            calendar years the log covers, every hall)
  --store   store URL (default ${DEFAULT_STORE_URL})

  The log holds no personal data (applicants are pseudonymous refs), so neither export does. Only with
  --personal-data FILE --vault URL --vault-key FILE --purpose TEXT are the applicants' personal
  data written, to FILE of their own (owner-only), each read logged in the vault's access log.`;

/** `--bundle` and its options; the others (`--key`, `--from`, …) only go with it. */
const bundleOptions = (values: OptionValues): BundleOptions | undefined => {
  const dir = stringOption(values, 'bundle');
  const extras = ['key', 'from', 'to', 'hall'].filter((k) => values[k] !== undefined);
  if (dir === undefined) {
    if (extras.length > 0) throw new UsageError(`--${extras[0]} goes with --bundle`);
    return undefined;
  }
  if (values.out !== undefined) throw new UsageError('--out and --bundle: choose one');
  if ((values.from === undefined) !== (values.to === undefined)) throw new UsageError('--from and --to go together');
  const period = values.from === undefined ? {} : { from: dateOption(values, 'from'), to: dateOption(values, 'to') };
  if (period.from !== undefined && period.to! <= period.from) throw new UsageError(`--to ${period.to} must be after --from ${period.from} (the period is [from, to))`);
  const key = stringOption(values, 'key');
  const hall = stringOption(values, 'hall');
  return { dir, ...period, ...(key !== undefined ? { key } : {}), ...(hall !== undefined ? { hall } : {}) };
};

/** Write to a temporary file beside `path`, renamed into place only when complete. */
const exportToFile = async (store: EventStore, path: string): Promise<number> => {
  const temporary = `${path}.${process.pid}.partial`;
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const opened = once(out, 'open');
  opened.catch(() => undefined);
  let count = 0;
  try {
    await opened;
    for await (const line of exportEventLog(store)) {
      count++;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new UsageError(`--out: cannot write ${path} (${code})`);
    throw error;
  }
  renameSync(temporary, path);
  return count;
};

export const exportCommand: Command = {
  name: 'export',
  usage: USAGE,
  options: {
    out: { type: 'string' }, bundle: { type: 'string' }, key: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, hall: { type: 'string' },
    'personal-data': { type: 'string' }, vault: { type: 'string' }, 'vault-key': { type: 'string' }, purpose: { type: 'string' },
  },
  run: async ({ values, io }) => {
    const path = stringOption(values, 'out');
    const bundle = bundleOptions(values);
    const personal = personalExportOptions(values);
    const store = await openStoreOption(values, { create: false });
    try {
      if (personal !== undefined) {
        const { people, erased } = await exportPersonalData(store, personal);
        io.stderr.write(`personal data of ${people} applicants (${erased} erased) written to ${personal.file}\n`);
      }
      if (bundle !== undefined) {
        const written = await writeBundle(store, bundle, exportToFile).catch((e: unknown) => {
          if ((e as Error | undefined)?.name === 'SigningKeyError') throw new UsageError(`--key: ${(e as Error).message}`);
          throw e;
        });
        io.stdout.write(`bundle ${written.dir}: ${written.events} events, ${written.checkpoints} checkpoints, report and ${written.findings} findings for ${written.period.from} – ${written.period.to}\n`);
        return 0;
      }
      if (path !== undefined) {
        const count = await exportToFile(store, path);
        io.stdout.write(`exported ${count} events to ${path}\n`);
        return 0;
      }
      for await (const line of exportEventLog(store)) io.stdout.write(`${line}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
