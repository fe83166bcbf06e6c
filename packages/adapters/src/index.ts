export * from './url/index';
