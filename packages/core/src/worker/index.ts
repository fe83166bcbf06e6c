export * from './start';
export * from './module-url';
