import { EventLogFileError, UnreadableLineError } from '@banjian/core';
import { auditBundle, formatBundle } from './bundle';
import { formatAudit } from './format';
import { asPublishedReport, auditPublishedReport, PublishedReportError } from './replay';

export interface ReplayIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  readFile(path: string): string;
}

const USAGE = 'usage: auditor-replay <exported-log.ndjson> <published-report.json> [--json]\n       auditor-replay --bundle DIR [--json]';

const unusable = (error: unknown): boolean =>
  error instanceof PublishedReportError ||
  error instanceof SyntaxError ||
  error instanceof EventLogFileError ||
  error instanceof UnreadableLineError ||
  (error as Error | undefined)?.name === 'SigningKeyError' ||
  ['ENOENT', 'EACCES', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * The command line: exit 0 when the log is intact and every published figure reconciles, 1 when
 * the log is damaged or a figure differs (named on stdout), 2 when the input cannot be used.
 */
export const runReplay = async (args: readonly string[], options: { json: boolean; bundle?: string }, io: ReplayIo): Promise<number> => {
  if (options.bundle !== undefined) return runBundle(args, options.bundle, options.json, io);
  if (args.length !== 2) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [logPath, reportPath] = args as [string, string];
  try {
    const published = asPublishedReport(JSON.parse(io.readFile(reportPath)));
    const result = await auditPublishedReport(logPath, published);
    io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatAudit(result));
    return result.outcome === 'reconciled' ? 0 : result.outcome === 'unreproducible' ? 2 : 1;
  } catch (error) {
    if (!unusable(error)) throw error;
    io.stderr.write(`auditor-replay: ${(error as Error).message}\n`);
    return 2;
  }
};

/** `--bundle DIR`: exit 0 when files, log, checkpoints, report and findings all hold; 1 damaged or differing; 2 unusable. */
const runBundle = async (args: readonly string[], dir: string, json: boolean, io: ReplayIo): Promise<number> => {
  if (args.length !== 0) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const result = await auditBundle(dir);
    io.stdout.write(json ? `${JSON.stringify(result)}\n` : formatBundle(result, formatAudit));
    return result.outcome === 'reconciled' ? 0 : result.outcome === 'unreproducible' ? 2 : 1;
  } catch (error) {
    if (!unusable(error)) throw error;
    io.stderr.write(`auditor-replay: ${(error as Error).message}\n`);
    return 2;
  }
};
