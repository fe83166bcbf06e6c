import { chainAlgorithmOf, openFileStore, rawRecordsOfLines, readLines, verifyLog, type Damage, type HashAlgorithm, type VerifyOptions, type VerifyResult } from '@banjian/core';
import { buildReport, type Report } from '@banjian/projections';
import { reconcileReport, type Reconciliation } from './reconcile';

/** A published report that is not a report of spec §7 (`banjian report --json`): what is wrong with it. */
export class PublishedReportError extends Error {
  override readonly name = 'PublishedReportError';
}

/**
 * What the replay found: the log `damaged` (verification names where), the report `unreproducible`
 * from this log (its checkpoint lies beyond the log), or recomputed and `reconciled` or `differs`.
 */
export type AuditResult =
  | { readonly outcome: 'damaged'; readonly verification: VerifyResult; readonly damage: Damage }
  | { readonly outcome: 'unreproducible'; readonly verification: VerifyResult; readonly reason: string }
  | { readonly outcome: 'reconciled' | 'differs'; readonly verification: VerifyResult; readonly recomputed: Report; readonly reconciliation: Reconciliation };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the parts of a published report the recomputation depends on; the figures are compared as they are. */
export const asPublishedReport = (json: unknown): Report => {
  const fail = (field: string, reason: string): never => {
    throw new PublishedReportError(`published report: ${field}: ${reason}`);
  };
  if (!isObject(json)) return fail('(report)', 'not a JSON object');
  const period = json.period;
  if (!isObject(period) || typeof period.from !== 'string' || typeof period.to !== 'string') return fail('period', 'expected {from, to} dates');
  if (!Number.isInteger(json.checkpoint) || (json.checkpoint as number) < 0) return fail('checkpoint', 'expected a global position (a whole number ≥ 0)');
  if (typeof json.calendarVersion !== 'string') return fail('calendarVersion', 'expected the calendar version the report was computed with');
  if (!isObject(json.figures)) return fail('figures', 'expected {<id>: {value, display, …}}');
  if (json.hall !== null && json.hall !== undefined && !(isObject(json.hall) && typeof json.hall.id === 'string')) return fail('hall', 'expected null or {id, …}');
  return json as unknown as Report;
};

/** The first record of an exported file decides its chain hash (SHA-256 or SM3). */
export const algorithmOf = async (path: string): Promise<HashAlgorithm | undefined> => {
  for await (const r of rawRecordsOfLines(readLines(path))) return chainAlgorithmOf(r.prevHash, r.canonical, r.hash);
  return undefined;
};

/**
 * The auditor's replay (审计复核): verify an exported NDJSON log line by line (hash chain, positions,
 * Merkle root), and only if it is intact open it read-only, recompute the published report as of
 * its checkpoint with `buildReport`, and reconcile every figure. `proof`: signed checkpoints and
 * the key they must verify under (a bundle's), held against the log as it is verified.
 */
export const auditPublishedReport = async (logPath: string, published: Report, proof: Pick<VerifyOptions, 'checkpoints' | 'publicKey'> = {}): Promise<AuditResult> => {
  const algorithm = await algorithmOf(logPath);
  // Two threads: a worker hashes while this one reads the file (an export is read line by line, not by range).
  const verification = await verifyLog(rawRecordsOfLines(readLines(logPath)), { ...(algorithm ? { algorithm } : {}), ...proof, parallel: true });
  if (verification.damage) return { outcome: 'damaged', verification, damage: verification.damage };
  if (published.checkpoint > verification.lastPosition) {
    return { outcome: 'unreproducible', verification, reason: `the report's checkpoint ${published.checkpoint} lies beyond the log's last global position ${verification.lastPosition}` };
  }
  const store = await openFileStore(logPath, algorithm ? { algorithm } : {});
  try {
    const recomputed = await buildReport(store, {
      from: published.period.from,
      to: published.period.to,
      ...(published.hall ? { hall: published.hall.id } : {}),
      ...(published.by ? { by: published.by } : {}),
      asOf: { position: published.checkpoint },
    });
    const reconciliation = reconcileReport(published, recomputed);
    return { outcome: reconciliation.reconciled ? 'reconciled' : 'differs', verification, recomputed, reconciliation };
  } finally {
    await store.close();
  }
};
