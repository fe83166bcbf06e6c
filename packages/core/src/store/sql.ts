/**
 * The store's own database as read models use it (PostgreSQL or SQLite): statements with `$1, $2, …`
 * parameters, run alone or together in one transaction. Read models keep their rows and their
 * checkpoint here, written in one transaction, so a crash leaves both as of the same event.
 */
export interface SqlDatabase {
  readonly dialect: 'postgres' | 'sqlite';
  /** A table name as this database spells it (schema-qualified on PostgreSQL). */
  table(name: string): string;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `work` in one transaction: all it wrote commits, or (it threw) none of it. */
  transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * An array parameter of one SQL element type, NULLs allowed, for `unnest($1::bigint[], …)` on
 * PostgreSQL: the adapter sends it in the server's binary array format (nothing to print on this
 * side or parse on the server's; numbers must be whole, texts are UTF-8). Not for SQLite.
 */
export interface SqlArray {
  readonly sqlArrayOf: 'text' | 'integer' | 'bigint';
  readonly values: readonly (string | number | null)[];
}

export const sqlArray = (sqlArrayOf: SqlArray['sqlArrayOf'], values: readonly (string | number | null)[]): SqlArray => ({ sqlArrayOf, values });

export const isSqlArray = (value: unknown): value is SqlArray =>
  typeof value === 'object' && value !== null && 'sqlArrayOf' in value && Array.isArray((value as SqlArray).values);

export interface SqlQuery {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}
