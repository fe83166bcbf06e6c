export { createHallService, startHallService, type HallServiceOptions, type RunningHallService, type ServerTimeouts } from './service';
export { STATUS_OF_KIND } from './http-errors';
export type { AuthOptions, Principal } from './auth';
export { createMemoryQueryCodes, createSqliteQueryCodes, createSqlQueryCodes, type QueryCodeStore } from './query-codes';
export type { Progress, ProgressStep } from './progress';
export { createReadModel, type ReadModel, type ReadModelOptions, type Projector } from './read-model';
