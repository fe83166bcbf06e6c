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

/** The key a complaint's alerts are kept under beside the cases' (its stream id). */
export const complaintAlertKey = (complaintId: string): string => `complaint-${complaintId}`;

/** Open alerts by case (or `complaint-<id>` for a complaint's), then by alert id (in raising order). */
export type OpenAlertsState = Map<string, Map<string, OpenAlert>>;

const applyAlert = (state: OpenAlertsState, event: StoredEvent): OpenAlertsState => {
  const raise = (key: string, alert: OpenAlert) => {
    let alerts = state.get(key);
    if (!alerts) state.set(key, (alerts = new Map()));
    alerts.set(alert.alertId, alert);
  };
  const clear = (key: string, alertId: string) => {
    const alerts = state.get(key);
    alerts?.delete(alertId);
    if (alerts?.size === 0) state.delete(key);
  };
  if (event.type === 'AlertRaised') {
    const { caseId, alertId, rule, level, dueAt, departmentId } = event.data;
    raise(caseId, { alertId, rule, level, dueAt, departmentId, raisedAt: event.occurredAt });
  } else if (event.type === 'AlertCleared') {
    clear(event.data.caseId, event.data.alertId);
  } else if (event.type === 'ComplaintAlertRaised') {
    const { complaintId, alertId, rule, level, dueAt, departmentId } = event.data;
    raise(complaintAlertKey(complaintId), { alertId, rule, level, dueAt, departmentId: departmentId ?? '', raisedAt: event.occurredAt });
  } else if (event.type === 'ComplaintAlertCleared') {
    clear(complaintAlertKey(event.data.complaintId), event.data.alertId);
  }
  return state;
};

/** The alerts open on each case, folded from `AlertRaised` / `AlertCleared`. */
export const openAlertsProjection: Projection<OpenAlertsState> = {
  name: 'openAlerts',
  version: 2,
  eventTypes: ['AlertRaised', 'AlertCleared', 'ComplaintAlertRaised', 'ComplaintAlertCleared'],
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
