import type { SqlDatabase } from '@banjian/core';

/** The database's clock in epoch milliseconds: every worker, on any machine, reads the same one. */
const nowSql = (db: SqlDatabase): string =>
  db.dialect === 'postgres' ? `(extract(epoch from clock_timestamp()) * 1000)::bigint` : `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;

export const leaseTable = (db: SqlDatabase): string => db.table('readmodel_leases');

/** Who holds a read model's lease, until when (database clock, epoch ms). */
export interface LeaseHolder {
  readonly name: string;
  readonly holder: string;
  readonly expiresAt: number;
}

/**
 * A lease on one read model (its partition of the work), held in the store's database: taken when
 * free or expired, kept by renewing it before `ttlMs` runs out. A worker killed with SIGKILL stops
 * renewing, and another takes the lease at most `ttlMs` later. The read model's checkpoint, moved
 * only from the position the writer read, keeps even an expired holder that goes on writing from
 * folding anything twice.
 */
export const createLease = (db: SqlDatabase, name: string, holder: string, ttlMs: number) => {
  const table = leaseTable(db);
  let created = false;
  const ensure = async () => {
    if (created) return;
    await db.transaction(async (tx) => {
      // Workers starting at once on a new database must not race to create the table (PostgreSQL's catalog is not IF NOT EXISTS-safe).
      if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [table]);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, holder text NOT NULL, expires_at bigint NOT NULL)`);
    });
    created = true;
  };
  return {
    holder,
    /** Takes or renews the lease; true while this worker holds it. */
    async acquire(): Promise<boolean> {
      await ensure();
      const rows = await db.query<{ holder: string }>(
        `INSERT INTO ${table} AS l (name, holder, expires_at) VALUES ($1, $2, ${nowSql(db)} + $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE l.holder = excluded.holder OR l.expires_at < ${nowSql(db)}
         RETURNING holder`,
        [name, holder, ttlMs],
      );
      return rows.length === 1;
    },
    /** Gives the lease up at once (a clean stop), so another worker need not wait for it to expire. */
    async release(): Promise<void> {
      await ensure();
      await db.query(`DELETE FROM ${table} WHERE name = $1 AND holder = $2`, [name, holder]);
    },
  };
};

export type Lease = ReturnType<typeof createLease>;

/** Every lease and its holder (empty before any worker ran). */
export const leaseHolders = async (db: SqlDatabase): Promise<LeaseHolder[]> => {
  const rows = await db.query<{ name: string; holder: string; expires_at: number }>(`SELECT name, holder, expires_at FROM ${leaseTable(db)} ORDER BY name`).catch(() => []);
  return rows.map((r) => ({ name: r.name, holder: r.holder, expiresAt: Number(r.expires_at) }));
};

/** The lease a worker keeps while it runs: the live workers are those whose lease has not lapsed. */
export const workerLeaseName = (worker: string): string => `worker/${worker}`;

/** How many workers hold an unexpired worker lease (database clock). */
export const liveWorkers = async (db: SqlDatabase): Promise<number> => {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${leaseTable(db)} WHERE name LIKE 'worker/%' AND expires_at >= ${nowSql(db)}`);
  return Number(row?.n ?? 0);
};
