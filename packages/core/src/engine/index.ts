export * from './types';
export * from './engine';
export type { StateFolder } from './stream-cache';
export * from './business-time';
