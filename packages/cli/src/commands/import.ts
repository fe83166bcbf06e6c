import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { DEFAULT_MAX_LINE_BYTES, importEventLog, readLines, type EventStore, type HashAlgorithm } from '@banjian/core';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian import <file.ndjson> [--store URL] [--max-line-bytes N]

  Imports an NDJSON event log (one envelope a line, spec §7) all or nothing: every line is checked
  first (schema, stream positions, hash chain where given, continuing the store's own streams);
  on the first bad line it prints "<file>:<line>: <field>: <reason>", imports nothing, exits 2.
  recordedAt may not lie in the future, nor before the log's order, beyond 5 minutes of skew.
  --max-line-bytes  the longest line read (default ${DEFAULT_MAX_LINE_BYTES}); a longer one is refused with its number
  --store   store URL (default ${DEFAULT_STORE_URL})`;

export const importCommand: Command = {
  name: 'import',
  usage: USAGE,
  allowPositionals: true,
  options: { 'max-line-bytes': { type: 'string' } },
  run: async ({ values, positionals, io }) => {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a file to import is required' : `one file expected, got ${positionals.length}`);
    const file = positionals[0]!;
    const maxText = stringOption(values, 'max-line-bytes');
    const maxLineBytes = maxText === undefined ? DEFAULT_MAX_LINE_BYTES : Number(maxText);
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) throw new UsageError(`--max-line-bytes must be a whole number of bytes ≥ 1, not "${maxText}"`);
    const store: EventStore & { hashAlgorithm?: HashAlgorithm } = await openStoreOption(values, { create: true });
    try {
      let result;
      try {
        result = await importEventLog(store, readLines(file, { maxLineBytes }), { algorithm: store.hashAlgorithm });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new UsageError(`cannot read ${file} (${code})`);
        throw error;
      }
      if (result._tag === 'Left') {
        const { line, field, reason } = result.left;
        io.stderr.write(`banjian import: ${file}${line > 0 ? `:${line}` : ''}: ${field}: ${reason}\n`);
        return 2;
      }
      const { events, streams, lastGlobalPosition, atomic } = result.right;
      io.stdout.write(
        `imported ${events} events in ${streams} streams from ${file}; last global position ${lastGlobalPosition}${atomic ? '' : ' (store without atomic batches: appended stream by stream)'}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
