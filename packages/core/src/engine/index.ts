export * from './types';
export * from './engine';
export type { StateFolder } from './stream-cache';
