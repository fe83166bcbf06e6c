import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chainAlgorithmOf,
  createCheckpointSigner,
  describeDamage,
  openFileStore,
  rawRecordsOfLines,
  readLines,
  verifyLog,
  type Checkpoint,
  type CheckpointStore,
  type EventStore,
  type HashAlgorithm,
} from '@banjian/core';
import { AUDIT_DEFINITIONS, buildAudit, buildReport, FIGURE_DEFINITIONS, isAuditOptionsError } from '@banjian/projections';
import { UsageError } from './command';

/** The files of an auditor's bundle 审计包, by role. */
export const BUNDLE_FILES = {
  log: 'events.ndjson',
  checkpoints: 'checkpoints',
  publicKey: 'public-key.pem',
  report: 'report.json',
  definitions: 'definitions.json',
  findings: 'findings.json',
  manifest: 'manifest.json',
} as const;

export interface BundleOptions {
  readonly dir: string;
  /** Ed25519 private key (PEM text or path): a checkpoint over the exported log is signed and its public key written. */
  readonly key?: string;
  readonly from?: string;
  readonly to?: string;
  readonly hall?: string;
}

export interface BundleSummary {
  readonly dir: string;
  readonly events: number;
  readonly checkpoints: number;
  readonly findings: number;
  readonly period: { from: string; to: string };
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The calendar years the log's business times cover: `[first year, last year + 1)`. */
const yearsOf = async (logPath: string): Promise<{ from: string; to: string }> => {
  let first = '';
  let last = '';
  for await (const line of readLines(logPath)) {
    const year = /"occurredAt":"(\d{4})-/.exec(line)?.[1];
    if (year === undefined) continue;
    if (first === '' || year < first) first = year;
    if (year > last) last = year;
  }
  if (first === '') return { from: '1970-01-01', to: '1971-01-01' };
  return { from: `${first}-01-01`, to: `${Number(last) + 1}-01-01` };
};

/**
 * `banjian export --bundle DIR`: everything an auditor needs offline, in one folder — the log as
 * NDJSON, the checkpoints (the store's own, and one signed now over the exported log with `--key`),
 * the public key, the report of the period (`report --json`), the figure and finding definitions,
 * the findings (`audit --json`) and a manifest with each file's SHA-256. The report and the
 * findings are computed from the exported file itself, so they hold for exactly the log in the
 * bundle (`examples/auditor-replay --bundle DIR` checks all of it).
 */
export const writeBundle = async (
  store: EventStore,
  options: BundleOptions,
  exportLog: (store: EventStore, path: string) => Promise<number>,
): Promise<BundleSummary> => {
  const { dir } = options;
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`--bundle ${dir}: the folder is not empty (a bundle is written whole into a new or empty folder)`);
  try {
    mkdirSync(join(dir, BUNDLE_FILES.checkpoints), { recursive: true });
  } catch (error) {
    throw new UsageError(`--bundle: cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const logPath = join(dir, BUNDLE_FILES.log);
  const events = await exportLog(store, logPath);

  let algorithm: HashAlgorithm | undefined;
  for await (const r of rawRecordsOfLines(readLines(logPath))) {
    algorithm = chainAlgorithmOf(r.prevHash, r.canonical, r.hash);
    break;
  }
  // a checkpoint signed after the export read the log would name events the bundle does not hold
  const stored: readonly Checkpoint[] = ((await (store as { checkpoints?: CheckpointStore }).checkpoints?.list()) ?? []).filter((c) => c.size <= events);
  const checkpoints: Checkpoint[] = [...stored];
  if (stored.length > 0) writeFileSync(join(dir, BUNDLE_FILES.checkpoints, 'store.ndjson'), `${stored.map((c) => JSON.stringify(c)).join('\n')}\n`);
  if (options.key !== undefined) {
    const signer = createCheckpointSigner({ privateKey: options.key, ...(algorithm ? { algorithm } : {}) });
    const verified = await verifyLog(rawRecordsOfLines(readLines(logPath)), algorithm ? { algorithm } : {});
    if (!verified.ok) throw new Error(`the exported log is damaged, nothing signed: ${verified.damage ? describeDamage(verified.damage) : 'see verify'}`);
    const signed = signer.sign({ size: verified.events, root: verified.root });
    checkpoints.push(signed);
    writeFileSync(join(dir, BUNDLE_FILES.checkpoints, 'bundle.json'), `${JSON.stringify(signed)}\n`);
    writeFileSync(join(dir, BUNDLE_FILES.publicKey), signer.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }

  const period = options.from !== undefined && options.to !== undefined ? { from: options.from, to: options.to } : await yearsOf(logPath);
  const file = await openFileStore(logPath, algorithm ? { algorithm } : {});
  try {
    const scope = { ...period, ...(options.hall !== undefined ? { hall: options.hall } : {}) };
    const report = await buildReport(file, scope).catch((e: unknown) => {
      if (e instanceof RangeError && /unknown hall|empty period/.test(e.message)) throw new UsageError(e.message);
      throw e;
    });
    const findings = await buildAudit(file, scope).catch((e: unknown) => {
      if (isAuditOptionsError(e)) throw new UsageError((e as Error).message);
      throw e;
    });
    writeFileSync(join(dir, BUNDLE_FILES.report), `${JSON.stringify(report)}\n`);
    writeFileSync(join(dir, BUNDLE_FILES.findings), `${JSON.stringify(findings)}\n`);
    writeFileSync(join(dir, BUNDLE_FILES.definitions), `${JSON.stringify({ figures: FIGURE_DEFINITIONS, findings: AUDIT_DEFINITIONS })}\n`);
    const files: Record<string, string> = {};
    const add = (name: string) => {
      const path = join(dir, name);
      if (existsSync(path)) files[name] = sha256(path);
    };
    for (const name of [BUNDLE_FILES.log, BUNDLE_FILES.publicKey, BUNDLE_FILES.report, BUNDLE_FILES.definitions, BUNDLE_FILES.findings]) add(name);
    for (const name of readdirSync(join(dir, BUNDLE_FILES.checkpoints)).sort()) add(`${BUNDLE_FILES.checkpoints}/${name}`);
    const manifest = {
      format: 'banjian-bundle@1',
      period,
      hall: options.hall ?? null,
      events,
      checkpoint: report.checkpoint,
      algorithm: algorithm ?? 'sha256',
      signedCheckpoints: checkpoints.length,
      files,
    };
    writeFileSync(join(dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir, events, checkpoints: checkpoints.length, findings: findings.findings.length, period };
  } finally {
    await file.close();
  }
};
