export * from './canonical';
export * from './hash';
export * from './merkle-hash';
export * from './merkle-tree';
export * from './merkle-proof';
export * from './signing-key';
export * from './checkpoint';
export * from './checkpoint-store';
