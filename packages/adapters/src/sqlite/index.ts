export * from './store';
export * from './errors';
export * from './schema';
export * from './driver';
export * from './checkpoints';
export * from './vault';
