export * from './errors';
export { algorithmAvailable, type VaultAlgorithm } from './cipher';
export * from './keys';
export * from './records';
export * from './access-log';
export * from './retention';
export * from './vault';
export * from './memory';
