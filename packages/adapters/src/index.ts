export * from './url/index';
export * from './postgres/index';
