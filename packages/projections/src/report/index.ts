export * from './build-report';
export * from './render-text';
