export { postgresSqlDatabase } from './postgres';
export { sqliteSqlDatabase } from './sqlite';
export { readModelDatabaseOf } from './of-store';
export { openReadModelDatabase } from './open';
