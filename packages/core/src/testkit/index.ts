export * from './assertions';
export * from './given-events';
export * from './decider-specification';
export * from './store-specification';
export * from './simulated-clock';
export * from './hall-workload';
