import type { EventStore, SqlDatabase } from '@banjian/core';
import { checkReadModels, describeDifference, type ReadModelCheck } from '@banjian/projections';
import type { Io } from './command';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const total = (m: ReadModelCheck): number => Object.values(m.counts).reduce((n, k) => n + k, 0);

/** A version's first line: equal or how many differences of which kind, over what, up to where. */
const summary = (m: ReadModelCheck, head: number): string => {
  const label = `${m.name}@${m.version}${m.active ? ' (read)' : ''}`;
  const where = m.behind
    ? `checked to its checkpoint ${m.checkpoint}; BEHIND the log (head ${head}, lag ${head - m.checkpoint}: banjian project catches it up)`
    : `checked to checkpoint ${m.checkpoint} (log head ${head})`;
  if (m.ok) return `${label}: equal to the rebuild, ${plural(m.rows, 'row')} ${where}`;
  const kinds = Object.entries(m.counts).filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${n}`).join(', ');
  return `${label}: ${plural(total(m), 'difference')} (${kinds}) in ${plural(m.rows, 'row')} ${where}`;
};

/**
 * `banjian project --check`: every read model version in the database against a fold of the log
 * up to its own checkpoint; one line a version, then one line a difference. Exit 0 equal, 1 not.
 */
export const runProjectCheck = async (
  store: EventStore, db: SqlDatabase, head: number, options: { json: boolean; maxDifferences: number }, io: Io,
): Promise<number> => {
  const result = await checkReadModels({ store, db, maxDifferences: options.maxDifferences });
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, head, models: result.models })}\n`);
    return result.ok ? 0 : 1;
  }
  if (result.models.length === 0) io.stdout.write(`no read models yet (log head ${head}): nothing to check\n`);
  for (const m of result.models) {
    io.stdout.write(`${summary(m, head)}\n`);
    const label = `${m.name}@${m.version}`;
    for (const d of m.differences) io.stdout.write(`${label} ${describeDifference(d)}\n`);
    const unlisted = total(m) - m.differences.length;
    if (unlisted > 0) io.stdout.write(`${label} … and ${plural(unlisted, 'more difference')} (--max-differences)\n`);
  }
  return result.ok ? 0 : 1;
};
