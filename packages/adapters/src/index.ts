/**
 * @banjian/adapters: stores opened by URL (`openStore`), the SQLite and PostgreSQL stores, their
 * checkpoint stores and personal-data vault backends, SQL read-model databases. The drivers are
 * optional peer dependencies loaded on first use (`MissingDriverError` when absent). The
 * EventStoreDB store is `@banjian/adapters/eventstoredb`, the contract suite
 * `@banjian/adapters/contract`. A new public export is added here by name.
 * @packageDocumentation
 */
export {
  DEFAULT_SQLITE_PATH, DEFAULT_STORE_URL, openFileStoreUrl, openMemoryStore, openSqliteStoreUrl, openStore,
  type OpenStoreOptions, registerStoreScheme, type StoreOpener, StoreUrlError,
} from './url/index';
export { MissingDriverError } from './drivers/index';
export {
  createSqliteCheckpointStore, createSqliteEventStore, createSqliteVaultBackend, HashAlgorithmMismatchError,
  InlineProjectionError, LATEST_SCHEMA_VERSION, openRawSqlite, SchemaVersionError, type SqliteEventStore,
  type SqliteEventStoreOptions, type SqliteVaultOptions,
} from './sqlite/index';
export {
  createPostgresCheckpointStore, createPostgresEventStore, createPostgresVaultBackend, DEFAULT_SCHEMA,
  isPostgresUrl, LATEST_POSTGRES_SCHEMA_VERSION, migratePostgres, openPostgresStore, type PostgresEventStore,
  type PostgresEventStoreOptions, type PostgresVaultOptions, SchemaNameError, type StoreRetry,
  type HostAddress, type HostState, NoWritableHostError, parsePostgresUrl, PostgresUrlError, ReadOnlyHostError,
} from './postgres/index';
// EventStoreDB: the scheme here (its client loaded on first use); the store itself and the
// stand-in server are `@banjian/adapters/eventstoredb`.
export { isEventStoreDbUrl, openEventStoreDbStore } from './eventstoredb/register';
export {
  openReadModelDatabase, postgresSqlDatabase, readModelDatabaseOf, sqliteSqlDatabase,
} from './sql/index';

