export * from './primitives';
export * from './org';
export * from './case';
export * from './registry';
export * from './envelope';
export * from './decode';
export * from './upcast';
export * from './streams';
