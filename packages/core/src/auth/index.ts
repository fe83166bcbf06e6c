export * from './errors';
export * from './command';
export * from './policy';
export * from './decision';
export * from './default-policy';
export * from './actor-facts';
