import { readModelDatabaseOf } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
import { hostname } from 'node:os';
import { CASE_INDEX_NAME, CASE_INDEX_VERSION, createCaseIndex, createLease, leaseHolders, ReadModelConflictError, readModelStatus, type CaseIndex } from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian project [--store URL] [--once] [--status] [--json] [--batch N] [--lease-ms N] [--worker ID]

  Keeps the read models in the store's own database (PostgreSQL schema or SQLite file) up to date:
  the case index 办件库 (work queues 待办, look-up by case number, overdue and approaching lists,
  cases of an applicant). Each batch of the log writes its rows and the read model's checkpoint in
  one transaction; a stopped or killed run goes on from the checkpoint, nothing twice, nothing
  skipped. Without --once it follows the log until interrupted (SIGINT/SIGTERM end it after the
  batch in hand), holding the read model's lease in the database: start one on several machines,
  one works, the others wait, and when the one working dies (even by SIGKILL) another takes over
  within --lease-ms.

  --once     catch up to the end of the log as it stands, then exit
  --status   print each read model version's checkpoint, the log's head, the lag, and which version
             readers use; change nothing
  --json     with --status: one JSON object
  --batch    events a transaction (default 5000)
  --lease-ms how long a lease lasts unrenewed (default 10000): the longest a dead worker's read
             model waits for another
  --worker   this worker's name in the lease (default <host>:<pid>)
  --store    a postgres://… or sqlite: store URL`;

const headOf = async (db: SqlDatabase): Promise<number> => {
  const [row] = await db.query<{ head: number }>(`SELECT coalesce(max(global_position), 0) AS head FROM ${db.table('events')}`);
  return Number(row?.head ?? 0);
};

export const projectCommand: Command = {
  name: 'project',
  usage: USAGE,
  options: {
    once: { type: 'boolean' }, status: { type: 'boolean' }, json: { type: 'boolean' }, batch: { type: 'string' }, 'lease-ms': { type: 'string' }, worker: { type: 'string' },
  },
  run: async ({ values, io }) => {
    const batchText = stringOption(values, 'batch');
    const batchSize = batchText === undefined ? 5_000 : Number(batchText);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--batch must be a whole number of events ≥ 1, not ${JSON.stringify(batchText)}`);
    const leaseText = stringOption(values, 'lease-ms');
    const leaseMs = leaseText === undefined ? 10_000 : Number(leaseText);
    if (!Number.isInteger(leaseMs) || leaseMs < 100) throw new UsageError(`--lease-ms must be a whole number of milliseconds ≥ 100, not ${JSON.stringify(leaseText)}`);
    const worker = stringOption(values, 'worker') ?? `${hostname()}:${process.pid}`;
    const store = await openStoreOption(values, { create: false });
    const db = readModelDatabaseOf(store);
    try {
      if (!db) throw new UsageError('read models live in a postgres:// or sqlite: store; this store has no database of its own');
      if (values.status) {
        const head = await headOf(db);
        const leases = await leaseHolders(db);
        const models = (await readModelStatus(db)).map((m) => {
          const lease = leases.find((l) => l.name === `${m.name}@${m.version}`);
          return { ...m, head, lag: head - m.checkpoint, ...(lease ? { worker: lease.holder, leaseExpiresAt: lease.expiresAt } : {}) };
        });
        if (values.json) io.stdout.write(`${JSON.stringify({ head, readModels: models })}\n`);
        else if (models.length === 0) io.stdout.write(`no read models yet (log head ${head}): run banjian project\n`);
        else for (const m of models) io.stdout.write(`${m.name}@${m.version}${m.active ? ' (read)' : ''}: checkpoint ${m.checkpoint}, head ${head}, lag ${m.lag}${m.worker ? `, worker ${m.worker}` : ''}\n`);
        return 0;
      }
      if (values.once) {
        const index = createCaseIndex({ store, db, batchSize });
        const read = await index.catchUp();
        io.stdout.write(`${index.name}@${index.version}: caught up at ${index.checkpoint} (${read} events read)\n`);
        return 0;
      }
      let stopping = false;
      let wake: (() => void) | undefined;
      const stop = () => {
        stopping = true;
        wake?.();
      };
      const pause = (ms: number) => new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const lease = createLease(db, `${CASE_INDEX_NAME}@${CASE_INDEX_VERSION}`, worker, leaseMs);
      let index: CaseIndex | undefined;
      let waiting = false;
      try {
        while (!stopping) {
          // Renewed before every batch: a batch takes far less than a lease lasts.
          if (!(await lease.acquire())) {
            index = undefined;
            if (!waiting) io.stdout.write(`${worker}: waiting for the lease of ${CASE_INDEX_NAME}@${CASE_INDEX_VERSION}\n`);
            waiting = true;
            await pause(Math.max(50, Math.floor(leaseMs / 3)));
            continue;
          }
          if (!index) {
            index = createCaseIndex({ store, db, batchSize });
            await index.open();
            io.stdout.write(`${worker}: holds the lease of ${index.name}@${index.version}, from checkpoint ${index.checkpoint}\n`);
            waiting = false;
          }
          try {
            if ((await index.step()) === 0) await pause(Math.min(200, Math.floor(leaseMs / 3)));
          } catch (error) {
            // Another worker wrote meanwhile (this one's lease had run out): fold again from the stored checkpoint.
            if (!(error instanceof ReadModelConflictError)) throw error;
            index = undefined;
          }
        }
        await lease.release();
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
