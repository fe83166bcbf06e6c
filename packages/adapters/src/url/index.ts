export * from './open-store';
