export * from './facts';
export * from './context';
export * from './calendars';
export * from './fold';
export * from './instant-ms';
export * from './timing';
export * from './projection';
