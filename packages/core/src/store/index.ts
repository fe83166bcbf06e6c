export * from './port';
export * from './errors';
export * from './memory';
export * from './inline';
export { sealBatch, type SealContext, type SealedBatch, type StreamHead } from './memory-seal';
export * from './catch-up-waiters';
export * from './polling-subscription';
export * from './event-range';
export * from './reader-location';
