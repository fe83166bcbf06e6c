export * from './directory';
export * from './clocks';
export * from './limit-order';
export * from './hall-commands';
export * from './hall-decider';
export * from './catalog-commands';
export * from './catalog-decider';
export * from './calendar-decider';
