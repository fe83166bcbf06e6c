import { readModelDatabaseOf } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
import { createCaseIndex, readModelStatus } from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian project [--store URL] [--once] [--status] [--json] [--batch N]

  Keeps the read models in the store's own database (PostgreSQL schema or SQLite file) up to date:
  the case index 办件库 (work queues 待办, look-up by case number, overdue and approaching lists,
  cases of an applicant). Each batch of the log writes its rows and the read model's checkpoint in
  one transaction; a stopped or killed run goes on from the checkpoint, nothing twice, nothing
  skipped. Without --once it follows the log until interrupted (SIGINT/SIGTERM end it after the
  batch in hand).

  --once     catch up to the end of the log as it stands, then exit
  --status   print each read model version's checkpoint, the log's head, the lag, and which version
             readers use; change nothing
  --json     with --status: one JSON object
  --batch    events a transaction (default 5000)
  --store    a postgres://… or sqlite: store URL`;

const headOf = async (db: SqlDatabase): Promise<number> => {
  const [row] = await db.query<{ head: number }>(`SELECT coalesce(max(global_position), 0) AS head FROM ${db.table('events')}`);
  return Number(row?.head ?? 0);
};

export const projectCommand: Command = {
  name: 'project',
  usage: USAGE,
  options: { once: { type: 'boolean' }, status: { type: 'boolean' }, json: { type: 'boolean' }, batch: { type: 'string' } },
  run: async ({ values, io }) => {
    const batchText = stringOption(values, 'batch');
    const batchSize = batchText === undefined ? 5_000 : Number(batchText);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--batch must be a whole number of events ≥ 1, not ${JSON.stringify(batchText)}`);
    const store = await openStoreOption(values, { create: false });
    const db = readModelDatabaseOf(store);
    try {
      if (!db) throw new UsageError('read models live in a postgres:// or sqlite: store; this store has no database of its own');
      if (values.status) {
        const head = await headOf(db);
        const models = (await readModelStatus(db)).map((m) => ({ ...m, head, lag: head - m.checkpoint }));
        if (values.json) io.stdout.write(`${JSON.stringify({ head, readModels: models })}\n`);
        else if (models.length === 0) io.stdout.write(`no read models yet (log head ${head}): run banjian project\n`);
        else for (const m of models) io.stdout.write(`${m.name}@${m.version}${m.active ? ' (read)' : ''}: checkpoint ${m.checkpoint}, head ${head}, lag ${m.lag}\n`);
        return 0;
      }
      const index = createCaseIndex({ store, db, batchSize });
      let stopping = false;
      const stop = () => {
        stopping = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const read = await index.catchUp();
        io.stdout.write(`${index.name}@${index.version}: caught up at ${index.checkpoint} (${read} events read)\n`);
        while (!values.once && !stopping) {
          if ((await index.step()) === 0) await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
      }
      return 0;
    } finally {
      await db?.close();
      await store.close();
    }
  },
};
