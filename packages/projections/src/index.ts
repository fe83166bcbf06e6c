export * from './runner/index';
export * from './cases/index';
