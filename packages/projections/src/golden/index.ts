export * from './log-writer';
export * from './case-script';
export * from './place-case';
export * from './working-days';
export * from './county-hall';
export * from './city-hall';
export * from './early-hall';
