export * from './store';
export * from './errors';
export * from './schema';
export * from './polling-subscription';
export * from './driver';
export * from './checkpoints';
