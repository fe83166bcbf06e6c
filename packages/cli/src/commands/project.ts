import { readModelDatabaseOf } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
import { hostname } from 'node:os';
import {
  caseIndexModel, createProjectionWorker, figureFactsReadModel, leaseHolders, partitionCheckpoints, partitionLeaseName, readModelStatus, type PartitionedReadModel,
} from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { runProjectCheck } from './project-check';
import { openStoreOption } from './store-option';

const USAGE = `usage: banjian project [--store URL] [--once] [--status] [--check [--max-differences N]] [--json] [--batch N] [--lease-ms N] [--worker ID] [--partitions N]

  Keeps the read models in the store's own database (PostgreSQL schema or SQLite file) up to date:
  the case index 办件库 (work queues 待办, look-up by case number, overdue and approaching lists,
  cases of an applicant) and the figure facts 统计事实 (\`banjian report\` sums them in the database).
  A read model is split in partitions (the case index by case stream, 8 on PostgreSQL, 1 on SQLite;
  the figure facts in one), each with its own checkpoint written in the transaction of its rows: a stopped or
  killed run goes on from the checkpoints, nothing twice, nothing skipped. Without --once it follows
  the log until interrupted (SIGINT/SIGTERM end it after the batch in hand), holding leases in the
  database: start it on several machines and the live workers share the partitions; when one dies
  (even by SIGKILL) the others take its partitions within --lease-ms.

  --once        catch the partitions no other worker holds up to the end of the log, then exit
  --status      print each read model version's partitions: checkpoint, the log's head, the lag,
                the worker holding it; and which version readers use; change nothing
  --check       check the read models against the log, changing nothing: each version's rows are
                worked out again from the log up to its own checkpoints, by the same folds and row
                functions the projection writes with, and compared with the stored rows (a database
                owner can edit a read model's rows; banjian verify proves the log only). One line a
                version, then one a difference: a missing, extra or changed row (its key, the column,
                stored and expected values), a checkpoint beyond the log. A version behind the log is
                checked up to its checkpoint and says so.
                exit 0  equal to the rebuild (behind or not)
                exit 1  a difference
                exit 2  bad input (no database of its own, --check with --once or --status)
  --max-differences  with --check: differences listed per version (default 100; all are counted)
  --json        with --status or --check: one JSON object
  --batch       events a transaction at most (default 20000)
  --lease-ms    how long a lease lasts unrenewed (default 10000): the longest a dead worker's
                partitions wait for another
  --worker      this worker's name in the leases (default <host>:<pid>)
  --partitions  partitions of a read model version created by this run (default 8 on PostgreSQL)
  --store       a postgres://… or sqlite: store URL`;

const headOf = async (db: SqlDatabase): Promise<number> => {
  const [row] = await db.query<{ head: number }>(`SELECT coalesce(max(global_position), 0) AS head FROM ${db.table('events')}`);
  return Number(row?.head ?? 0);
};

const wholeNumber = (text: string | undefined, fallback: number, least: number, what: string): number => {
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < least) throw new UsageError(`--${what} must be a whole number ≥ ${least}, not ${JSON.stringify(text)}`);
  return value;
};

/** The read models `banjian project` runs. */
const readModelsOf = (db: SqlDatabase, partitions: number | undefined): PartitionedReadModel[] => [
  caseIndexModel(db, partitions === undefined ? {} : { partitions }) as unknown as PartitionedReadModel,
  // One partition: every hall's facts are judged under one hall context.
  figureFactsReadModel(db) as unknown as PartitionedReadModel,
];

/** Each read model version with its partitions: checkpoint, lag behind the head, the worker holding its lease. */
const statusOf = async (db: SqlDatabase) => {
  const head = await headOf(db);
  const leases = new Map((await leaseHolders(db)).map((l) => [l.name, l]));
  const partitions = await partitionCheckpoints(db);
  const names = [...new Set(partitions.map((p) => p.name))];
  const versions = (await Promise.all(names.map((name) => readModelStatus(db, name)))).flat();
  const readModels = versions.map((m) => {
    const own = partitions.filter((p) => p.name === m.name && p.version === m.version);
    const checkpoint = own.length > 0 ? Math.min(...own.map((p) => p.position)) : m.checkpoint;
    return {
      name: m.name, version: m.version, active: m.active, checkpoint, head, lag: head - checkpoint,
      partitions: own.map((p) => {
        const lease = leases.get(partitionLeaseName(m, p.partition));
        return { partition: p.partition, checkpoint: p.position, head, lag: head - p.position, ...(lease ? { worker: lease.holder, leaseExpiresAt: lease.expiresAt } : {}) };
      }),
    };
  });
  return { head, readModels };
};

export const projectCommand: Command = {
  name: 'project',
  usage: USAGE,
  options: {
    once: { type: 'boolean' }, status: { type: 'boolean' }, json: { type: 'boolean' }, batch: { type: 'string' }, 'lease-ms': { type: 'string' },
    worker: { type: 'string' }, partitions: { type: 'string' }, check: { type: 'boolean' }, 'max-differences': { type: 'string' },
  },
  run: async ({ values, io }) => {
    const batchSize = wholeNumber(stringOption(values, 'batch'), 20_000, 1, 'batch');
    const leaseMs = wholeNumber(stringOption(values, 'lease-ms'), 10_000, 100, 'lease-ms');
    const partitionsText = stringOption(values, 'partitions');
    const partitions = partitionsText === undefined ? undefined : wholeNumber(partitionsText, 1, 1, 'partitions');
    const worker = stringOption(values, 'worker') ?? `${hostname()}:${process.pid}`;
    const maxDifferences = wholeNumber(stringOption(values, 'max-differences'), 100, 1, 'max-differences');
    if (values.check && (values.once || values.status)) throw new UsageError('--check changes nothing: give it without --once or --status');
    const store = await openStoreOption(values, { create: false });
    const db = readModelDatabaseOf(store);
    try {
      if (!db) throw new UsageError('read models live in a postgres:// or sqlite: store; this store has no database of its own');
      if (values.check) return await runProjectCheck(store, db, await headOf(db), { json: values.json === true, maxDifferences }, io);
      if (values.status) {
        const status = await statusOf(db);
        if (values.json) io.stdout.write(`${JSON.stringify(status)}\n`);
        else if (status.readModels.length === 0) io.stdout.write(`no read models yet (log head ${status.head}): run banjian project\n`);
        else {
          for (const m of status.readModels) {
            io.stdout.write(`${m.name}@${m.version}${m.active ? ' (read)' : ''}: checkpoint ${m.checkpoint}, head ${status.head}, lag ${m.lag}\n`);
            for (const p of m.partitions) io.stdout.write(`  partition ${p.partition}: checkpoint ${p.checkpoint}, lag ${p.lag}${p.worker ? `, worker ${p.worker}` : ''}\n`);
          }
        }
        return 0;
      }
      const projection = createProjectionWorker({
        store, db, models: readModelsOf(db, partitions), worker, leaseMs, batchSize, onLog: (line) => io.stdout.write(`${line}\n`),
      });
      if (values.once) {
        const read = await projection.catchUp(await headOf(db));
        for (const m of (await statusOf(db)).readModels) io.stdout.write(`${m.name}@${m.version}: caught up at ${m.checkpoint} (${read} events read)\n`);
        return 0;
      }
      const stop = () => projection.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await projection.run();
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
