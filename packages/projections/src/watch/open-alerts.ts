import { moduleUrl, type AlertLevel, type StoredEvent } from '@banjian/core';
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

const applyAlert = (state: OpenAlertsState, event: StoredEvent): OpenAlertsState => {
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
};

/** The alerts open on each case, folded from `AlertRaised` / `AlertCleared`. */
export const openAlertsProjection: Projection<OpenAlertsState> = {
  name: 'openAlerts',
  version: 1,
  eventTypes: ['AlertRaised', 'AlertCleared'],
  init: () => new Map(),
  apply: applyAlert,
  // Where a case lands in the Map depends on whether its alerts were all cleared before the range
  // (cleared cases leave it, raised ones join at the end), which no later range can know; alert
  // events are few, so the worker refuses them all and this thread folds them after its own range.
  split: {
    module: moduleUrl(new URL('./open-alerts.ts', import.meta.url)),
    exportName: 'openAlertsProjection',
    part: () => null,
    applyPart: () => false,
    pack: () => null,
    unpack: () => null,
    join: (state, _packed, refused) => refused.reduce(applyAlert, state),
  },
};
