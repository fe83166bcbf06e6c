export { deadlineWatch, WATCH_LEVELS, type DeadlineWatch, type LevelCounts, type WatchedCase, type WatchGroup, type WatchLevel, type WatchQuery } from './deadline-watch';
export { openAlertsProjection, type OpenAlert, type OpenAlertsState } from './open-alerts';
export {
  alertIdOf, clearCommandId, createAlertScheduler, DEFAULT_ALERT_RULE, raiseCommandId, SCHEDULED_ALERT_RULES, STATUTORY_ALERT_RULE,
  type AlertChange, type AlertScheduler, type AlertSchedulerOptions, type SchedulerPass,
} from './scheduler';
export { recomputeOpenDeadlines, type DeadlineRecomputeOptions, type DeadlineRecomputePass } from './recompute';
