export * from './runner/index';
