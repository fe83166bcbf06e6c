import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { exportEventLog, type EventStore } from '@banjian/core';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian export [--out file.ndjson] [--store URL]

  Writes the whole log as NDJSON (spec §7), one event a line in global order, with globalPosition,
  prevHash and hash — the stored bytes, so an import elsewhere recomputes the same hashes.
  --out     the file to write (default: standard output); written whole or not at all
  --store   store URL (default ${DEFAULT_STORE_URL})`;

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
  options: { out: { type: 'string' } },
  run: async ({ values, io }) => {
    const path = stringOption(values, 'out');
    const store = await openStoreOption(values, { create: false });
    try {
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
