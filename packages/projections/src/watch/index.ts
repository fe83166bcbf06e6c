export { deadlineWatch, WATCH_LEVELS, type DeadlineWatch, type LevelCounts, type WatchedCase, type WatchGroup, type WatchLevel, type WatchQuery } from './deadline-watch';
