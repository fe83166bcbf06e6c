export { startEventStoreDbStandIn, type EventStoreDbStandIn, type EventStoreDbStandInOptions } from './server';
export { STANDIN_SERVER_VERSION } from './features-service';
export type { StandInLog, LoggedEvent } from './log';
