import type Database from 'better-sqlite3';

/**
 * The schema of a banjian SQLite file, as numbered migrations applied in order on open.
 * `events` keeps the exact canonical text that was hashed, so verify hashes stored bytes;
 * triggers make stored events append-only (spec §6). Every index costs a page write per commit, so
 * there are only the two that appends need: (stream_id, stream_position) and event_id; reads by
 * type scan in global order, which is how projections read anyway.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events, guards, inline projection checkpoints',
    sql: `
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE events (
        global_position INTEGER PRIMARY KEY,
        stream_id       TEXT    NOT NULL,
        stream_position INTEGER NOT NULL,
        event_id        TEXT    NOT NULL,
        type            TEXT    NOT NULL,
        command_id      TEXT,
        occurred_at     TEXT    NOT NULL,
        canonical       TEXT    NOT NULL,
        prev_hash       TEXT    NOT NULL,
        hash            TEXT    NOT NULL
      );
      CREATE UNIQUE INDEX events_stream ON events (stream_id, stream_position);
      CREATE UNIQUE INDEX events_event_id ON events (event_id);
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'banjian: stored events are append-only (UPDATE refused)'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'banjian: stored events are append-only (DELETE refused)'); END;
      CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'signed Merkle checkpoints',
    sql: `
      CREATE TABLE merkle_checkpoints (
        seq  INTEGER PRIMARY KEY,
        size INTEGER NOT NULL,
        body TEXT    NOT NULL
      );
      CREATE INDEX merkle_checkpoints_size ON merkle_checkpoints (size, seq);
      CREATE TRIGGER merkle_checkpoints_no_update BEFORE UPDATE ON merkle_checkpoints
        BEGIN SELECT RAISE(ABORT, 'banjian: checkpoints are append-only (UPDATE refused)'); END;
      CREATE TRIGGER merkle_checkpoints_no_delete BEFORE DELETE ON merkle_checkpoints
        BEGIN SELECT RAISE(ABORT, 'banjian: checkpoints are append-only (DELETE refused)'); END;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]?.version ?? 0;

/** The file was written by a newer banjian than this one: opening it could misread it. */
export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
  readonly kind = 'schemaVersion' as const;
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(`${path}: schema version ${found} is newer than this banjian supports (${supported})`);
  }
}

/** Bring the file to the latest schema: every pending migration in one transaction. */
export const migrate = (db: Database.Database, path: string): void => {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const apply = db.transaction(() => {
    const current = (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    if (current > LATEST_SCHEMA_VERSION) throw new SchemaVersionError(path, current, LATEST_SCHEMA_VERSION);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  });
  apply.immediate();
};
