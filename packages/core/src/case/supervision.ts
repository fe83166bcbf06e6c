import { decline } from '../auth/decision';
import { firstRefusal, record, requireStatus, type RuleTable } from './rule-kit';
import { COMPLETED, OPEN } from './state';

/** Alert rules of a 差评's handling steps (`badReview.contact`, …): raised on completed cases too. */
export const BAD_REVIEW_ALERT_PREFIX = 'badReview.';

/** 电子监察 alerts and compensating corrections 更正 (never edits). */
export const supervisionRules: RuleTable<'RaiseAlert' | 'ClearAlert' | 'RecordCorrection'> = {
  RaiseAlert: (c, s, env) => {
    const { alertId, level, rule } = c.data;
    // one open alert per level of each rule: the promised and the statutory ladder (and each 差评 step) climb apart
    const sameLevel = Object.values(s.openAlerts).find((a) => a.level === level && a.rule === rule);
    return firstRefusal(
      [
        // a 差评's handling steps run after completion: their alerts attach to the completed case
        () => (rule.startsWith(BAD_REVIEW_ALERT_PREFIX) ? requireStatus(s, env, [...OPEN, ...COMPLETED], 'alert.raise.onlyWhenOpen', 'alerts attach to open cases or a completed case\'s 差评') : requireStatus(s, env, OPEN, 'alert.raise.onlyWhenOpen', 'alerts attach to open cases')),
        () => (s.openAlerts[alertId] ? decline('conflict', env.scope, 'alert.id.unique', `alert ${alertId} is already open`) : undefined),
        () =>
          sameLevel
            ? decline('conflict', env.scope, 'alert.level.noDuplicateOpen', `a ${level} alert of rule ${rule} (${sameLevel.alertId}) is already open on case ${s.caseId}`)
            : undefined,
      ],
      () => record({ type: 'AlertRaised', data: c.data }),
    );
  },
  ClearAlert: (c, s, env) =>
    s.openAlerts[c.data.alertId]
      ? record({ type: 'AlertCleared', data: c.data })
      : decline('notFound', env.scope, 'alert.clear.open', `case ${s.caseId} has no open alert ${c.data.alertId}`),
  RecordCorrection: (c, s, env) =>
    firstRefusal(
      [
        () =>
          s.eventIds.includes(c.data.corrects)
            ? undefined
            : decline('notFound', env.scope, 'correction.eventExists', `event ${c.data.corrects} is not in case ${s.caseId}'s stream`),
        () =>
          Object.keys(c.data.fields).length === 0
            ? decline('invalidCommand', env.scope, 'correction.fields.nonEmpty', 'a correction names the fields it corrects')
            : undefined,
      ],
      () => record({ type: 'CorrectionRecorded', data: c.data }),
    ),
};
