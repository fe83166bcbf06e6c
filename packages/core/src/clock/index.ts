export * from './defaults';
export { parseOfficeHours } from './office-hours';
export { parseInstant } from './instant';
export * from './work-clock';
export * from './case-clock';
export * from './alerts';
export * from './segments';
export * from './case-clock-state';
export * from './case-clock-view';
