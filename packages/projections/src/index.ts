export * from './runner/index';
export * from './cases/index';
export * from './trail/index';
export * from './satisfaction/index';
export * from './summary/index';
export * from './watch/index';
export * from './league/index';
