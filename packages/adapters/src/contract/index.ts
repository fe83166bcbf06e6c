export * from './describe-contract';
export * from './types';
export * from './fixtures';
export { collect, expectLogIntact } from './helpers';
export * from './sample-decider';
export * from './checkpoint-store';
