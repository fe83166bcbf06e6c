import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { parseInstant } from '@banjian/core';
import { formatTrail, trailOf, type AsOfBound } from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian trail <caseId> [--as-of T] [--json] [--store URL]

  --as-of   the trail as it stood: an ISO-8601 instant with offset (events up to that business
            time) or a global position (a whole number: events up to that position)
  --json    print {caseId, streamId, asOf?, entries: [{streamPosition, globalPosition, eventId,
            type, label, occurredAt, recordedAt, actor, windowId?, departmentId?, change, …, prevHash, hash}]}
  --store   store URL (default ${DEFAULT_STORE_URL})`;

/** `--as-of`: a whole number is a global position, anything else an instant. */
export const parseAsOf = (text: string): AsOfBound => {
  if (/^\d+$/.test(text)) return { position: Number(text) };
  try {
    parseInstant(text);
  } catch {
    throw new UsageError(`--as-of ${JSON.stringify(text)} is neither a global position nor an ISO-8601 time with offset (e.g. 2024-10-09T17:30:00+08:00)`);
  }
  return { occurredAt: text };
};

export const trailCommand: Command = {
  name: 'trail',
  usage: USAGE,
  allowPositionals: true,
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  run: async ({ values, positionals, io }) => {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a case id is required' : `one case id expected, got ${positionals.length}`);
    const caseId = positionals[0]!;
    const asOfText = stringOption(values, 'as-of');
    const asOf = asOfText === undefined ? undefined : parseAsOf(asOfText);
    const store = await openStoreOption(values, { create: false });
    try {
      const trail = await trailOf(store, caseId, asOf ? { asOf } : {});
      if (values.json) io.stdout.write(`${JSON.stringify(trail)}\n`);
      else io.stdout.write(`${formatTrail(trail)}\n`);
      if (trail.entries.length > 0) return 0;
      io.stderr.write(`banjian trail: case ${caseId} has no events${asOf ? ' as of then' : ''} in the store\n`);
      return 1;
    } finally {
      await store.close();
    }
  },
};
