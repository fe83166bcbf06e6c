export * from './url/index';
export * from './sqlite/index';
export * from './postgres/index';
export * from './eventstoredb/index';
