import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, loadPublicKey, openFileStore, parseCheckpoints, type Checkpoint } from '@banjian/core';
import { buildAudit, type AuditReport, type Finding } from '@banjian/projections';
import { algorithmOf, asPublishedReport, auditPublishedReport, PublishedReportError, type AuditResult } from './replay';

/** What `banjian export --bundle` writes beside the files: each file's SHA-256 and what the bundle covers. */
export interface BundleManifest {
  readonly format: 'banjian-bundle@1';
  readonly period: { from: string; to: string };
  readonly hall: string | null;
  readonly events: number;
  readonly checkpoint: number;
  readonly files: Readonly<Record<string, string>>;
}

/** The findings recomputed from the log and held to the published ones, finding by finding. */
export interface FindingsReconciliation {
  readonly reconciled: boolean;
  readonly published: number;
  readonly recomputed: number;
  /** Published findings the log does not give, and findings the log gives that were not published (`definition case positions`). */
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/**
 * A bundle replayed: files against the manifest, the log against its signed checkpoints (with the
 * bundle's public key), the report recomputed and reconciled, the findings recomputed and reconciled.
 */
export interface BundleResult {
  readonly outcome: 'reconciled' | 'differs' | 'damaged' | 'unreproducible';
  /** Files whose SHA-256 is not the manifest's (or that are missing). */
  readonly changedFiles: readonly string[];
  readonly checkpoints: number;
  readonly signaturesChecked: boolean;
  readonly report: AuditResult;
  readonly findings?: FindingsReconciliation;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const readJson = (path: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PublishedReportError(`bundle: ${what} ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
};

const asManifest = (json: unknown): BundleManifest => {
  const m = json as Partial<BundleManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== 'banjian-bundle@1' || typeof m.files !== 'object' || m.files === null) {
    throw new PublishedReportError('bundle: manifest.json is not a banjian-bundle@1 manifest');
  }
  return m as BundleManifest;
};

const asFindings = (json: unknown): AuditReport => {
  const f = json as Partial<AuditReport> | null;
  if (typeof f !== 'object' || f === null || !Array.isArray(f.findings) || !Number.isInteger(f.checkpoint) || typeof f.period !== 'object' || typeof f.thresholds !== 'object') {
    throw new PublishedReportError('bundle: findings.json is not an audit (banjian audit --json)');
  }
  return f as AuditReport;
};

const findingKey = (f: Finding): string => `${f.definition} ${f.caseId ?? f.departmentId ?? ''} ${f.positions.join(',')}`;

/** The published findings against the ones recomputed, each finding held whole (canonical JSON). */
export const reconcileFindings = (published: AuditReport, recomputed: AuditReport): FindingsReconciliation => {
  const mine = new Map(recomputed.findings.map((f) => [canonicalJson(f), f]));
  const theirs = new Map(published.findings.map((f) => [canonicalJson(f), f]));
  const missing = [...theirs].filter(([k]) => !mine.has(k)).map(([, f]) => findingKey(f));
  const extra = [...mine].filter(([k]) => !theirs.has(k)).map(([, f]) => findingKey(f));
  return { reconciled: missing.length === 0 && extra.length === 0, published: published.findings.length, recomputed: recomputed.findings.length, missing, extra };
};

const checkpointsIn = (dir: string): Checkpoint[] => {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') || name.endsWith('.ndjson'))
    .sort()
    .flatMap((name) => {
      const parsed = parseCheckpoints(readFileSync(join(dir, name), 'utf8'));
      if (parsed._tag === 'Left') throw new PublishedReportError(`bundle: checkpoints/${name}: ${parsed.left.message}`);
      return parsed.right;
    });
};

/**
 * Replays an auditor's bundle (`banjian export --bundle DIR`) offline: every file against the
 * manifest's SHA-256; the log verified against every checkpoint in `checkpoints/` under the
 * bundle's public key; the report recomputed as of its checkpoint and reconciled figure by figure;
 * the findings recomputed with the published thresholds as of their checkpoint and reconciled.
 */
export const auditBundle = async (dir: string): Promise<BundleResult> => {
  const manifest = asManifest(readJson(join(dir, 'manifest.json'), 'manifest'));
  const changedFiles = Object.entries(manifest.files)
    .filter(([name, hash]) => !existsSync(join(dir, name)) || sha256(join(dir, name)) !== hash)
    .map(([name]) => name);
  const logPath = join(dir, 'events.ndjson');
  const checkpoints = checkpointsIn(join(dir, 'checkpoints'));
  const keyPath = join(dir, 'public-key.pem');
  const publicKey = existsSync(keyPath) ? loadPublicKey(keyPath) : undefined;
  const published = asPublishedReport(readJson(join(dir, 'report.json'), 'report'));
  const report = await auditPublishedReport(logPath, published, { checkpoints, ...(publicKey ? { publicKey } : {}) });
  const base = { changedFiles, checkpoints: checkpoints.length, signaturesChecked: report.verification.signaturesChecked, report };
  if (report.outcome === 'damaged' || report.outcome === 'unreproducible') return { ...base, outcome: report.outcome };
  const publishedFindings = asFindings(readJson(join(dir, 'findings.json'), 'findings'));
  if (publishedFindings.checkpoint > report.verification.lastPosition) return { ...base, outcome: 'unreproducible' };
  const algorithm = await algorithmOf(logPath);
  const store = await openFileStore(logPath, algorithm ? { algorithm } : {});
  try {
    const recomputed = await buildAudit(store, {
      from: publishedFindings.period.from,
      to: publishedFindings.period.to,
      ...(publishedFindings.hall ? { hall: publishedFindings.hall } : {}),
      thresholds: { ...publishedFindings.thresholds },
      asOf: { position: publishedFindings.checkpoint },
    });
    const findings = reconcileFindings(publishedFindings, recomputed);
    const outcome = report.outcome === 'reconciled' && findings.reconciled && changedFiles.length === 0 ? 'reconciled' : 'differs';
    return { ...base, outcome, findings };
  } finally {
    await store.close();
  }
};

/** The bundle's replay for people. */
export const formatBundle = (result: BundleResult, formatReport: (r: AuditResult) => string): string => {
  const out: string[] = [];
  out.push(result.changedFiles.length === 0 ? 'files: every file as the manifest says (SHA-256)' : `files CHANGED since the bundle was written: ${result.changedFiles.join(', ')}`);
  out.push(`checkpoints: ${result.checkpoints} (${result.signaturesChecked ? 'signatures checked with the bundle’s public key' : 'signatures NOT checked: no public key in the bundle'})`);
  out.push(formatReport(result.report).trimEnd());
  const f = result.findings;
  if (f) {
    out.push(`findings: ${f.published} published, ${f.recomputed} recomputed: ${f.reconciled ? 'every finding reconciles' : `${f.missing.length} not given by the log, ${f.extra.length} not published`}`);
    for (const k of f.missing) out.push(`  MISSING  ${k}`);
    for (const k of f.extra) out.push(`  EXTRA    ${k}`);
  }
  out.push(result.outcome === 'reconciled' ? 'BUNDLE RECONCILED' : `BUNDLE ${result.outcome.toUpperCase()}`);
  return `${out.join('\n')}\n`;
};
