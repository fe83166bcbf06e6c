export { simulateHall, SimulationError, type SimulationOptions, type SimulationProgress, type SimulationResult } from './simulate';
export { defaultCountyHall, SEED_004_TOTALS, type CountyHallOptions } from './county-hall';
export { rootHall, type HallSetup, type HallConfig, type ItemConfig, type DepartmentConfig, type WindowConfig, type StaffConfig } from './hall-config';
export { DEFAULT_RATES, type SimulationRates } from './rates';
export { SIMULATOR_ACTOR, SIMULATED_EVENT_TYPES } from './setup';
export { MONTH_WEIGHTS, dailyVolumes, workingDaysOf } from './volume';
export { createRandom, type Random } from './random';
