import type { SqlDatabase, SqlQuery } from '@banjian/core';
import { checkpointTable } from './schema';

/**
 * Each partition's checkpoint, one row per (name, version, partition), moved in the transaction
 * that writes the partition's rows. `partitions` is the count the version was created with.
 */
export const partitionTable = (db: SqlDatabase): string => db.table('readmodel_partitions');

export interface PartitionCheckpoint {
  readonly name: string;
  readonly version: number;
  readonly partition: number;
  readonly partitions: number;
  readonly position: number;
}

/**
 * Creates the checkpoint tables if needed and a version's partitions at 0 if it has none; the
 * partition count it answers is the stored one (a worker started with another count follows it).
 */
export const preparePartitions = async (db: SqlDatabase, name: string, version: number, partitions: number): Promise<number> => {
  const table = partitionTable(db);
  return db.transaction(async (tx) => {
    // Two processes opening at once must not race to create one table (PostgreSQL's catalog is not IF NOT EXISTS-safe).
    if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [table]);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${checkpointTable(db)} (name text NOT NULL, version integer NOT NULL, position bigint NOT NULL, active integer NOT NULL DEFAULT 0, PRIMARY KEY (name, version))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${table} (name text NOT NULL, version integer NOT NULL, partition integer NOT NULL, partitions integer NOT NULL, position bigint NOT NULL, PRIMARY KEY (name, version, partition))`);
    await tx.query(`INSERT INTO ${checkpointTable(db)} (name, version, position, active) VALUES ($1, $2, 0, 0) ON CONFLICT (name, version) DO NOTHING`, [name, version]);
    const [stored] = await tx.query<{ partitions: number }>(`SELECT partitions FROM ${table} WHERE name = $1 AND version = $2 LIMIT 1`, [name, version]);
    if (stored) return Number(stored.partitions);
    const count = Math.max(1, Math.floor(partitions));
    // One statement for all of them (partitions are integers of ours, written into the text): each round trip counts on a busy server.
    const rows = Array.from({ length: count }, (_, p) => `($1, $2, ${p}, ${count}, 0)`).join(', ');
    await tx.query(`INSERT INTO ${table} (name, version, partition, partitions, position) VALUES ${rows}`, [name, version]);
    return count;
  });
};

/** The stored checkpoints of a version's partitions, by partition. */
export const readPartitionCheckpoints = async (db: SqlQuery, table: string, name: string, version: number): Promise<Map<number, number>> => {
  const rows = await db.query<{ partition: number; position: number }>(`SELECT partition, position FROM ${table} WHERE name = $1 AND version = $2`, [name, version]);
  return new Map(rows.map((r) => [Number(r.partition), Number(r.position)]));
};

/**
 * Moves partitions' checkpoints from the positions this writer read to `to`, and the version's
 * overall checkpoint (every partition is at least there) up to the lowest of them; throws
 * `onConflict` when a partition's checkpoint is no longer where this writer read it.
 */
export const movePartitionCheckpoints = async (
  tx: SqlQuery,
  db: SqlDatabase,
  name: string,
  version: number,
  from: ReadonlyMap<number, number>,
  to: number,
  onConflict: (partition: number, expected: number) => Error,
): Promise<void> => {
  const table = partitionTable(db);
  if (from.size === 0) return;
  if (db.dialect === 'postgres') {
    // One statement for every partition: a worker following the log pays one round trip, not one a partition.
    const moved = await tx.query<{ partition: number }>(
      `UPDATE ${table} AS t SET position = $1 FROM unnest($4::integer[], $5::bigint[]) AS u(partition, position)
       WHERE t.name = $2 AND t.version = $3 AND t.partition = u.partition AND t.position = u.position RETURNING t.partition`,
      [to, name, version, [...from.keys()], [...from.values()]],
    );
    const done = new Set(moved.map((m) => Number(m.partition)));
    for (const [partition, position] of from) if (!done.has(partition)) throw onConflict(partition, position);
  } else {
    for (const [partition, position] of from) {
      const moved = await tx.query(`UPDATE ${table} SET position = $1 WHERE name = $2 AND version = $3 AND partition = $4 AND position = $5 RETURNING partition`, [to, name, version, partition, position]);
      if (moved.length !== 1) throw onConflict(partition, position);
    }
  }
  // A lower bound even when workers commit at once (each sees the others' last committed
  // checkpoints), and never lowered: partitions only move forward.
  const greatest = db.dialect === 'postgres' ? 'greatest' : 'max';
  await tx.query(
    `UPDATE ${checkpointTable(db)} SET position = ${greatest}(position, (SELECT min(position) FROM ${table} WHERE name = $1 AND version = $2)) WHERE name = $1 AND version = $2`,
    [name, version],
  );
};

/** Every partition of every read model version (empty before any worker ran). */
export const partitionCheckpoints = async (db: SqlDatabase): Promise<PartitionCheckpoint[]> => {
  const rows = await db
    .query<{ name: string; version: number; partition: number; partitions: number; position: number }>(
      `SELECT name, version, partition, partitions, position FROM ${partitionTable(db)} ORDER BY name, version, partition`,
    )
    .catch(() => []);
  return rows.map((r) => ({ name: r.name, version: Number(r.version), partition: Number(r.partition), partitions: Number(r.partitions), position: Number(r.position) }));
};

/**
 * Once every partition of a version has reached `head`, it becomes the version readers use (after
 * `beforeActivating`, when it was not yet); older versions stop being read (their tables stay until dropped).
 */
export const activateIfCaughtUp = async (
  db: SqlDatabase, name: string, version: number, head: number, beforeActivating: () => Promise<void> = async () => undefined,
): Promise<boolean> => {
  const [row] = await db.query<{ low: number; active: number }>(
    `SELECT (SELECT min(position) FROM ${partitionTable(db)} WHERE name = $1 AND version = $2) AS low, active FROM ${checkpointTable(db)} WHERE name = $1 AND version = $2`,
    [name, version],
  );
  if (!row || Number(row.low) < head) return false;
  if (Number(row.active) === 1) return true;
  await beforeActivating();
  await db.query(`UPDATE ${checkpointTable(db)} SET active = CASE WHEN version = $2 THEN 1 ELSE 0 END WHERE name = $1 AND version <= $2`, [name, version]);
  return true;
};
