export * from './errors';
export * from './parse';
export * from './import';
export * from './export';
export * from './lines';
export * from './raw-lines';
export * from './file-store';
