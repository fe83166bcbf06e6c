export * from './store';
export * from './stream-names';
export * from './revisions';
export * from './register';
export { CANONICAL_FORMAT, type ChainMetadata } from './records';
export * from './standin/index';
