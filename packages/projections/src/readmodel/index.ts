export * from './schema';
export * from './case-row';
export * from './case-index';
export * from './queries';
export * from './lease';
