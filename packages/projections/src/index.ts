export * from './runner/index';
export * from './trail/index';
