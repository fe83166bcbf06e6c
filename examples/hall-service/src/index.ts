export { createHallService, startHallService, type HallServiceOptions, type RunningHallService } from './service';
export { STATUS_OF_KIND } from './http-errors';
