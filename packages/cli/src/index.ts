export { run } from './main';
export { commands, findCommand, type CommandEntry } from './commands/index';
export { UsageError, COMMON_OPTIONS, type Command, type CommandContext, type Io } from './commands/command';
export { simulateHall, type SimulationOptions, type SimulationResult } from './simulator/index';
