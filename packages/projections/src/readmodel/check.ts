import type { EventStore, SqlDatabase, StoredEvent } from '@banjian/core';
import { caseIndexChecker } from './check-case-index';
import { createDifferences, type Differences, type ReadModelDifference, type ReadModelDifferenceKind } from './check-differences';
import { figureFactsChecker } from './check-figure-facts';
import { readModelStatus } from './case-index';
import { partitionCheckpoints, partitionTable } from './partitions';
import { readAhead } from './read-ahead';
import type { PartitionedReadModel, PartitionFold } from './read-model';
import { checkpointTable } from './schema';

export interface ReadModelCheckOptions {
  /** The log the read models were folded from. */
  readonly store: EventStore;
  /** The database holding them (`readModelDatabaseOf(store)`); only read. */
  readonly db: SqlDatabase;
  /** The read models checked, every stored version of each. @defaultValue `['caseIndex', 'figureFacts']` */
  readonly models?: readonly string[];
  /** Differences listed per read model version (all are counted). @defaultValue 100 */
  readonly maxDifferences?: number;
  /** Stored rows read a query. @defaultValue 2000 */
  readonly pageRows?: number;
}

/** One read model version against a fold of the log up to its own checkpoints. */
export interface ReadModelCheck {
  readonly name: string;
  readonly version: number;
  /** The version readers use. */
  readonly active: boolean;
  /** The checkpoint readers are told (the version's). */
  readonly checkpoint: number;
  /** Each partition's checkpoint: its rows are compared with a fold of the log up to it. */
  readonly partitions: readonly { readonly partition: number; readonly checkpoint: number }[];
  /** The log goes on after the lowest partition checkpoint: not caught up (not a difference). */
  readonly behind: boolean;
  /** Stored rows read. */
  readonly rows: number;
  readonly ok: boolean;
  readonly counts: Readonly<Record<ReadModelDifferenceKind, number>>;
  /** The first `maxDifferences` differences. */
  readonly differences: readonly ReadModelDifference[];
}

export interface ReadModelCheckResult {
  /** No difference in any version checked (none checked is ok). */
  readonly ok: boolean;
  readonly models: readonly ReadModelCheck[];
}

/** What a checker is given for one version. */
export interface CheckScope {
  readonly db: SqlDatabase;
  readonly version: number;
  readonly partitions: number;
  readonly checkpoints: readonly number[];
  readonly differences: Differences;
  readonly pageRows: number;
}

/**
 * How one read model is checked: its model (the same folds and rows its projection writes with),
 * its tables, and a comparison begun before the log is read (`onEvent` sees each event up to the
 * highest checkpoint, for what is kept in log order) and finished with the folds; it answers the
 * stored rows it read.
 */
export interface ReadModelChecker<F extends PartitionFold = PartitionFold> {
  readonly name: string;
  model(db: SqlDatabase, version: number): PartitionedReadModel<F>;
  tables(db: SqlDatabase, version: number): string[];
  begin(scope: CheckScope): { onEvent?(event: StoredEvent): void | Promise<void>; compare(folds: readonly F[]): Promise<number> };
}

const CHECKERS: readonly ReadModelChecker[] = [caseIndexChecker as unknown as ReadModelChecker, figureFactsChecker as unknown as ReadModelChecker];

/**
 * Each partition folded from the log up to its own checkpoint, as a worker taking it over would
 * (`route`, `createFold`, `apply`); `onEvent` sees every event up to the highest one. Answers the
 * folds and the position of the last event read.
 */
const foldUpTo = async <F extends PartitionFold>(
  store: EventStore, model: PartitionedReadModel<F>, partitions: number, checkpoints: readonly number[], onEvent?: (event: StoredEvent) => void | Promise<void>,
): Promise<{ folds: F[]; last: number }> => {
  const folds = checkpoints.map((_, p) => model.createFold(p, partitions));
  const until = Math.max(0, ...checkpoints);
  let last = 0;
  if (until === 0) return { folds, last };
  reading: for await (const page of readAhead(store, 0)) {
    for (const event of page) {
      if (event.globalPosition > until) break reading;
      last = event.globalPosition;
      const pending = onEvent?.(event);
      if (pending) await pending;
      const route = model.route(event, partitions);
      if (route === undefined) continue;
      if (route === 'all') checkpoints.forEach((c, p) => (event.globalPosition <= c ? folds[p]!.apply(event, false) : undefined));
      else if (event.globalPosition <= (checkpoints[route] ?? 0)) folds[route]?.apply(event, false);
    }
  }
  return { folds, last };
};

const tableMissing = async (db: SqlDatabase, table: string): Promise<boolean> =>
  db.query(`SELECT 1 AS one FROM ${table} LIMIT 1`).then(() => false, () => true);

const checkVersion = async (
  options: ReadModelCheckOptions, checker: ReadModelChecker, status: { version: number; checkpoint: number; active: boolean },
): Promise<ReadModelCheck> => {
  const { store, db } = options;
  const { version } = status;
  const label = `${checker.name}@${version}`;
  const differences = createDifferences(options.maxDifferences ?? 100);
  const model = checker.model(db, version);
  const stored = (await partitionCheckpoints(db)).filter((p) => p.name === checker.name && p.version === version);
  const partitions = stored[0]?.partitions ?? model.partitions;
  const checkpoints = Array.from({ length: partitions }, (_, p) => {
    const own = stored.find((s) => s.partition === p);
    if (own) return own.position;
    differences.add({ kind: 'checkpoint', table: partitionTable(db), detail: `${label} partition ${p} has no checkpoint; its rows are checked up to the version's ${status.checkpoint}` });
    return status.checkpoint;
  });
  const lowest = Math.min(...checkpoints);
  if (status.checkpoint > lowest) {
    differences.add({
      kind: 'checkpoint', table: checkpointTable(db),
      detail: `${label} checkpoint ${status.checkpoint} is beyond its lowest partition's ${lowest}: readers are told of events its rows do not reflect`,
    });
  }
  const result = (rows: number, behind: boolean): ReadModelCheck => ({
    name: checker.name, version, active: status.active, checkpoint: status.checkpoint,
    partitions: checkpoints.map((checkpoint, partition) => ({ partition, checkpoint })), behind, rows,
    ok: differences.total === 0, counts: { ...differences.counts }, differences: differences.listed,
  });
  const absent: string[] = [];
  for (const table of checker.tables(db, version)) if (await tableMissing(db, table)) absent.push(table);
  if (absent.length > 0) {
    for (const table of absent) differences.add({ kind: 'table', table, detail: `${label} has a checkpoint but no table ${table}` });
    return result(0, false);
  }
  const check = checker.begin({ db, version, partitions, checkpoints, differences, pageRows: options.pageRows ?? 2_000 });
  const { folds, last } = await foldUpTo(store, model, partitions, checkpoints, check.onEvent?.bind(check));
  checkpoints.forEach((checkpoint, p) => {
    if (checkpoint > last) differences.add({ kind: 'checkpoint', table: partitionTable(db), detail: `${label} partition ${p} checkpoint ${checkpoint} is beyond the log's last event (${last})` });
  });
  const rows = await check.compare(folds);
  let behind = false;
  for await (const _ of store.readAll({ after: lowest, maxCount: 1 })) behind = true;
  return result(rows, behind);
};

/**
 * Checks the read models in the store's database against the log: each version's rows are worked
 * out again from the log up to its own checkpoints, by the folds and row functions its projection
 * writes with, and compared with the stored rows (missing, extra, changed column by column), with
 * its checkpoints (beyond the log, above its partitions). What `banjian verify` does for the log,
 * this does for what is folded from it: a database owner who edits a row of `figure_facts_v1` or
 * `case_index_v1` is found out. A version behind the log is checked up to its checkpoints (`behind`).
 * Memory: one fold of the log (as a worker holding every partition) and a page of rows at a time.
 */
export const checkReadModels = async (options: ReadModelCheckOptions): Promise<ReadModelCheckResult> => {
  const wanted = options.models ?? CHECKERS.map((c) => c.name);
  const unknown = wanted.filter((name) => !CHECKERS.some((c) => c.name === name));
  if (unknown.length > 0) throw new RangeError(`no check for read model ${unknown.join(', ')}; known: ${CHECKERS.map((c) => c.name).join(', ')}`);
  const models: ReadModelCheck[] = [];
  for (const checker of CHECKERS.filter((c) => wanted.includes(c.name))) {
    for (const status of await readModelStatus(options.db, checker.name)) models.push(await checkVersion(options, checker, status));
  }
  return { ok: models.every((m) => m.ok), models };
};
