export * from './url/index';
export { MissingDriverError } from './drivers/index';
export * from './sqlite/index';
export * from './postgres/index';
// EventStoreDB: the scheme here (its client loaded on first use); the store itself and the
// stand-in server are `@banjian/adapters/eventstoredb`.
export { isEventStoreDbUrl, openEventStoreDbStore } from './eventstoredb/register';
export * from './sql/index';
