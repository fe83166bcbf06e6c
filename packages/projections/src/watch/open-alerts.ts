import type { AlertLevel, StoredEvent } from '@banjian/core';
import type { Projection } from '../runner/projection';

/** An alert 预警/黄牌/红牌 raised and not yet cleared. */
export interface OpenAlert {
  alertId: string;
  rule: string;
  level: AlertLevel;
  /** The due time the alert was raised against, as written in the event. */
  dueAt: string;
  departmentId: string;
  raisedAt: string;
}

/** Open alerts by case, then by alert id (in raising order). */
export type OpenAlertsState = Map<string, Map<string, OpenAlert>>;

/** The alerts open on each case, folded from `AlertRaised` / `AlertCleared`. */
export const openAlertsProjection: Projection<OpenAlertsState> = {
  name: 'openAlerts',
  version: 1,
  eventTypes: ['AlertRaised', 'AlertCleared'],
  init: () => new Map(),
  apply: (state, event: StoredEvent) => {
    if (event.type === 'AlertRaised') {
      const { caseId, alertId, rule, level, dueAt, departmentId } = event.data;
      let alerts = state.get(caseId);
      if (!alerts) state.set(caseId, (alerts = new Map()));
      alerts.set(alertId, { alertId, rule, level, dueAt, departmentId, raisedAt: event.occurredAt });
    } else if (event.type === 'AlertCleared') {
      const alerts = state.get(event.data.caseId);
      alerts?.delete(event.data.alertId);
      if (alerts?.size === 0) state.delete(event.data.caseId);
    }
    return state;
  },
};
