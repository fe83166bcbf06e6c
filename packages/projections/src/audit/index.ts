export * from './definitions';
export * from './trace';
export * from './finding';
export * from './projection';
export * from './departments';
export * from './report';
export * from './render';
export * from './docs';
