export * from './projection';
export * from './source';
export * from './clone';
export * from './checkpoints';
export * from './dispatch';
export * from './rebuild';
export * from './runner';
export * from './stable-json';
