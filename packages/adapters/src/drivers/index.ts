export { MissingDriverError, isMissingPackage, missingDriver } from './missing-driver';
export { requireDriver } from './require-driver';
