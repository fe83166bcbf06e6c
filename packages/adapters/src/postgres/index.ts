export * from './store';
export * from './append';
export * from './seal-unit';
export * from './migrations';
export * from './schema-name';
export * from './register';
export * from './checkpoint-store';
