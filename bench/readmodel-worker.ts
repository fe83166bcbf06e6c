import { createPostgresEventStore, readModelDatabaseOf } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
import { caseIndexModel, createProjectionWorker, figureFactsReadModel, type PartitionedReadModel } from '@banjian/projections';

/**
 * One projection worker process of `readmodel.pg.twoWorkers.eventsPerS` (bench/readmodel.bench.ts),
 * as one machine of a city runs it: `tsx bench/readmodel-worker.ts <postgres url> <schema> <name>`
 * opens the store, prints `ready`, waits for `go` on its stdin, then runs both read models the way
 * `banjian project` does (its defaults: 10 s leases, batches of 20,000) printing the worker's log,
 * until SIGTERM, SIGINT or its stdin closing (the bench process gone, even killed).
 */
const [url, schema, name] = process.argv.slice(2);
if (!url || !schema || !name) throw new Error('usage: tsx bench/readmodel-worker.ts <postgres url> <schema> <worker name>');
const store = await createPostgresEventStore({ connectionString: url, schema });
const db = readModelDatabaseOf(store) as SqlDatabase;
const worker = createProjectionWorker({
  store, db, worker: name,
  models: [caseIndexModel(db), figureFactsReadModel(db)] as unknown as PartitionedReadModel[],
  onLog: (line) => process.stdout.write(`${line}\n`),
});

let stopped = false;
let go: () => void = () => undefined;
const started = new Promise<void>((resolve) => {
  go = resolve;
});
const stop = () => {
  stopped = true;
  worker.stop();
  go();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (text.includes('go')) go();
});
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdout.write('ready\n');

try {
  await started;
  if (!stopped) await worker.run();
} finally {
  await db.close();
  await store.close();
  process.stdin.destroy();
}
