export * from './open-store';
export * from './builtin-schemes';
