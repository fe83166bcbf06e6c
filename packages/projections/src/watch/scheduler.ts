import {
  BAD_REVIEW_ALERT_PREFIX,
  BAD_REVIEW_MAX_LEVEL,
  caseStream,
  complaintStream,
  ladderAt,
  type ComplaintCommand,
  DEFAULT_ALERT_LADDER,
  parseInstant,
  type Actor,
  type AlertLadder,
  type AlertLevel,
  type CaseCommand,
  type CommandEngine,
  type Decider,
  type EventStore,
} from '@banjian/core';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFacts, CaseFactsState, EvaluationFacts } from '../cases/facts';
import { badReviewDeadlinesOf, caseClock, DEFAULT_CLOCK_POLICY, type ClockPolicy } from '../cases/timing';
import { createProjectionRunner } from '../runner/runner';
import { caseSummaryAt, isOpenAt } from '../summary/summary';
import { clockOf } from '../cases/context';
import { complaintAlertKey, openAlertsProjection, type OpenAlert, type OpenAlertsState } from './open-alerts';

type RaiseOrClear = Extract<CaseCommand, { type: 'RaiseAlert' | 'ClearAlert' }>;
type ComplaintAlertCommand = Extract<ComplaintCommand, { type: 'RaiseComplaintAlert' | 'ClearComplaintAlert' }>;

/** The ladder of a complaint's answer due time 投诉答复时限 (default 3 working days after filing). */
export const COMPLAINT_ALERT_RULE = 'complaint.answer';

export interface AlertSchedulerOptions {
  readonly store: EventStore;
  readonly engine: CommandEngine;
  /** The case decider (`createCaseDecider(context)`): alerts go through its `RaiseAlert` / `ClearAlert` rules. */
  readonly decider: Decider<CaseCommand, any, any, any>;
  /**
   * The complaint decider (`createComplaintDecider(context)`): with it, each unanswered complaint's
   * answer due time (3 working days by default) is watched too (rule `complaint.answer`).
   */
  readonly complaintDecider?: Decider<ComplaintCommand, any, any, any>;
  /** The scheduler's clock: the instant each pass judges at (ISO-8601 or epoch ms). */
  readonly now: () => string | number;
  readonly ladder?: AlertLadder;
  readonly policy?: ClockPolicy;
  /** Default `{ kind: 'system', id: 'alert-scheduler' }`. */
  readonly actor?: Actor;
}

export interface AlertChange {
  caseId: string;
  /** The ladder the alert climbs: `promisedLimit` 承诺时限 or `statutoryLimit` 法定时限 (行政许可法 §42). */
  rule: string;
  alertId: string;
  level: AlertLevel;
  dueAt: string;
  commandId: string;
}

export interface SchedulerPass {
  at: string;
  /** Global position of the log the pass judged from. */
  position: number;
  raised: AlertChange[];
  cleared: AlertChange[];
  /** Commands the engine had already handled (an alert id raised, cleared and due again): nothing appended. */
  repeated: AlertChange[];
  /** Commands the case decider or the store refused, with why. */
  refused: (AlertChange & { reason: string })[];
}

export interface AlertScheduler {
  /** One pass: catch up with the log, then raise and clear alerts for every transition since the last. */
  tick(): Promise<SchedulerPass>;
}

/** The ladder of the promised limit 承诺时限 (spec §4 warnings). */
export const DEFAULT_ALERT_RULE = 'promisedLimit';
/** The ladder of the statutory limit 法定时限: its overrun breaks 行政许可法 §42, whatever was promised. */
export const STATUTORY_ALERT_RULE = 'statutoryLimit';
/** The 差评 handling steps ("2、5、15"), each a ladder of its own: `badReview.contact`, … (approaching and overdue only). */
export const BAD_REVIEW_STEPS = ['triage', 'contact', 'rectify', 'callBack'] as const;
const badReviewRule = (step: (typeof BAD_REVIEW_STEPS)[number]): string => `${BAD_REVIEW_ALERT_PREFIX}${step}`;
/** The rules the scheduler raises and clears; alerts of other rules (raised by people or other tools) are left alone. */
export const SCHEDULED_ALERT_RULES: readonly string[] = [DEFAULT_ALERT_RULE, STATUTORY_ALERT_RULE, ...BAD_REVIEW_STEPS.map(badReviewRule)];

/**
 * Alert ids and command ids are derived from the case, the level and the due time, so a pass
 * repeated after a crash (or by a second scheduler) asks for the same commands and the engine finds
 * them done: each transition is appended exactly once.
 */
export const alertIdOf = (caseId: string, level: AlertLevel, dueAt: string, rule: string = DEFAULT_ALERT_RULE): string =>
  rule === DEFAULT_ALERT_RULE ? `${caseId}:${level}:${dueAt}` : `${caseId}:${rule}:${level}:${dueAt}`;
export const raiseCommandId = (alertId: string): string => `alert:${alertId}`;
export const clearCommandId = (alertId: string): string => `alert-clear:${alertId}`;

/** One ladder of a case at the instant judged: its due time and the rungs reached against it. */
interface WantedLadder {
  rule: string;
  departmentId: string;
  dueAt: string;
  /** The rungs reached against the current due time; none once the case is closed. */
  levels: readonly AlertLevel[];
}

interface Wanted {
  /** The instant judged, in the case's hall zone. */
  at?: string;
  suspended: boolean;
  ladders: WantedLadder[];
}

const wantedFor = (facts: CaseFactsState, caseId: string, atMs: number, options: { ladder: AlertLadder; policy: ClockPolicy }): Wanted => {
  const summary = caseSummaryAt(facts, caseId, atMs, options);
  const wanted: Wanted = { suspended: summary?.state === 'suspended', ladders: [] };
  if (summary) wanted.at = summary.at;
  const clock = summary?.clock;
  if (summary?.state === 'inProgress' && clock && summary.holder) {
    const { departmentId } = summary.holder;
    wanted.ladders.push({ rule: DEFAULT_ALERT_RULE, departmentId, dueAt: clock.promisedDueAt, levels: clock.reached });
    if (clock.statutory) wanted.ladders.push({ rule: STATUTORY_ALERT_RULE, departmentId, dueAt: clock.statutoryDueAt, levels: clock.statutory.reached });
  }
  const c = facts.cases.get(caseId);
  if (summary?.state === 'completed' && c?.holder) wanted.ladders.push(...badReviewLadders(facts, c, c.holder.departmentId, atMs, options.ladder));
  return wanted;
};

/** Whether a 差评 still has a handling step to do (valid or not yet triaged, not excluded on appeal). */
const pendingBadReview = (e: EvaluationFacts): boolean =>
  e.level <= BAD_REVIEW_MAX_LEVEL && !e.excluded && e.triagedValid !== false && e.calledBackAtMs === undefined;

/** The ladders of each open 差评 step, approaching and overdue only (the cards are the limits' rungs). */
const badReviewLadders = (facts: CaseFactsState, c: CaseFacts, departmentId: string, atMs: number, ladder: AlertLadder): WantedLadder[] => {
  const out: WantedLadder[] = [];
  const clock = caseClock(facts.context, c);
  for (const e of c.evaluations) {
    if (!pendingBadReview(e)) continue;
    const deadlines = badReviewDeadlinesOf(facts.context, c, e);
    for (const step of BAD_REVIEW_STEPS) {
      const d = deadlines[step];
      if (!d || d.doneAt !== undefined || (step === 'triage' && e.triagedValid !== undefined)) continue;
      const startMs = step === 'callBack' ? e.rectifiedAtMs! : e.atMs;
      const rungs = ladderAt(clock, { startMs, dueAt: d.dueAt, suspendedOfficeSeconds: 0 }, atMs, ladder).reached;
      out.push({ rule: badReviewRule(step), departmentId, dueAt: clock.toInstant(d.dueAt), levels: rungs.filter((l) => l === 'approaching' || l === 'overdue') });
    }
  }
  return out;
};

type Outcome = { appended: true } | { appended: false; reason?: string };

/**
 * The alert scheduler 电子监察: on each pass it folds the log (per-case facts and open alerts),
 * judges every open case on the alert ladder at `now()`, and sends `RaiseAlert` for each rung newly
 * reached and `ClearAlert` for each open alert whose case closed, whose due time moved, or whose
 * rung is no longer reached. It keeps nothing of its own: a restart rebuilds from the log.
 */
export const createAlertScheduler = (options: AlertSchedulerOptions): AlertScheduler => {
  const { store, engine, decider } = options;
  const settings = { ladder: options.ladder ?? DEFAULT_ALERT_LADDER, policy: options.policy ?? DEFAULT_CLOCK_POLICY };
  const actor = options.actor ?? { kind: 'system', id: 'alert-scheduler' };
  const runner = createProjectionRunner({ store, projections: [caseFactsProjection, openAlertsProjection] });
  const handler = { decider, streamId: (command: RaiseOrClear) => caseStream(command.data.caseId) };

  const complaintHandler = options.complaintDecider && { decider: options.complaintDecider, streamId: (c: ComplaintAlertCommand) => complaintStream(c.data.complaintId) };

  const send = async (command: RaiseOrClear | ComplaintAlertCommand): Promise<Outcome> => {
    const result = command.type === 'RaiseAlert' || command.type === 'ClearAlert'
      ? await engine.handle(handler, command)
      : await engine.handle(complaintHandler!, command);
    if (result._tag === 'Right') return result.right.alreadyDone ? { appended: false } : { appended: true };
    const error = result.left as { message?: unknown };
    return { appended: false, reason: typeof error.message === 'string' ? error.message : JSON.stringify(error) };
  };

  const record = (pass: SchedulerPass, list: AlertChange[], change: AlertChange, outcome: Outcome): void => {
    if (outcome.appended) list.push(change);
    else if (outcome.reason === undefined) pass.repeated.push(change);
    else pass.refused.push({ ...change, reason: outcome.reason });
  };

  /** Each unanswered complaint's answer due time 投诉答复时限 on the ladder (approaching, overdue); answered ones are cleared. */
  const complaintPass = async (facts: CaseFactsState, open: OpenAlertsState, atMs: number, pass: SchedulerPass): Promise<void> => {
    const ids = [...facts.complaints.keys()].sort();
    for (const complaintId of ids) {
      const complaint = facts.complaints.get(complaintId)!;
      const key = complaintAlertKey(complaintId);
      const current = [...(open.get(key)?.values() ?? [])].filter((a) => a.rule === COMPLAINT_ALERT_RULE);
      const answered = complaint.answeredAt >= 0 && complaint.answeredAt <= atMs;
      if (answered && current.length === 0) continue;
      const clock = clockOf(facts.context, complaint.hallId);
      const dueAt = clock.toInstant(complaint.answerDueAt);
      const levels = answered
        ? []
        : ladderAt(clock, { startMs: complaint.filedAt, dueAt: complaint.answerDueAt, suspendedOfficeSeconds: 0 }, atMs, settings.ladder).reached
          .filter((l): l is 'approaching' | 'overdue' => l === 'approaching' || l === 'overdue');
      const at = clock.toInstant(atMs);
      const departmentId = complaint.subject.kind === 'department' ? complaint.subject.id : undefined;
      for (const alert of current.filter((a) => !(a.dueAt === dueAt && (levels as string[]).includes(a.level)))) {
        const commandId = clearCommandId(alert.alertId);
        const command = { type: 'ClearComplaintAlert', data: { complaintId, alertId: alert.alertId }, metadata: { commandId, actor, at } } as const;
        record(pass, pass.cleared, { caseId: key, rule: COMPLAINT_ALERT_RULE, alertId: alert.alertId, level: alert.level, dueAt, commandId }, await send(command));
      }
      for (const level of levels.filter((l) => !current.some((a) => a.dueAt === dueAt && a.level === l))) {
        const alertId = `${key}:${level}:${dueAt}`;
        const commandId = raiseCommandId(alertId);
        const data = { complaintId, alertId, rule: COMPLAINT_ALERT_RULE, level, dueAt, ...(departmentId ? { departmentId } : {}) };
        record(pass, pass.raised, { caseId: key, rule: COMPLAINT_ALERT_RULE, alertId, level, dueAt, commandId }, await send({ type: 'RaiseComplaintAlert', data, metadata: { commandId, actor, at } }));
      }
    }
  };

  return {
    async tick() {
      const position = await runner.catchUp();
      const facts = runner.state<CaseFactsState>(caseFactsProjection.name);
      const open = runner.state<OpenAlertsState>(openAlertsProjection.name);
      const now = options.now();
      const atMs = typeof now === 'number' ? now : parseInstant(now);
      const pass: SchedulerPass = { at: typeof now === 'string' ? now : new Date(atMs).toISOString(), position, raised: [], cleared: [], repeated: [], refused: [] };

      // A case neither open, nor holding an alert, nor with a 差评 to handle wants nothing: it is left out before sorting, without judging its clock (a year's closed cases).
      const candidates = new Set(open.keys());
      for (const [caseId, caseFacts] of facts.cases) if (isOpenAt(caseFacts, atMs) || caseFacts.evaluations.some(pendingBadReview)) candidates.add(caseId);
      const caseIds = [...candidates].sort();
      for (const caseId of caseIds) {
        const wanted = wantedFor(facts, caseId, atMs, settings);
        // a suspended case's clock stands still while its due time moves with the suspension: leave it be
        if (wanted.suspended) continue;
        const at = wanted.at ?? pass.at;
        for (const rule of SCHEDULED_ALERT_RULES) {
          const ladder = wanted.ladders.find((l) => l.rule === rule);
          const current = [...(open.get(caseId)?.values() ?? [])].filter((a) => a.rule === rule);
          const keep = (a: OpenAlert) => ladder !== undefined && a.dueAt === ladder.dueAt && ladder.levels.includes(a.level);
          const toClear = current.filter((a) => !keep(a));
          const toRaise = ladder ? ladder.levels.filter((level) => !current.some((a) => keep(a) && a.level === level)) : [];
          // clear first: the case decider keeps at most one open alert per level of a rule
          for (const alert of toClear) {
            const commandId = clearCommandId(alert.alertId);
            const command = { type: 'ClearAlert', data: { caseId, alertId: alert.alertId }, metadata: { commandId, actor, at } } as const;
            record(pass, pass.cleared, { caseId, rule, alertId: alert.alertId, level: alert.level, dueAt: alert.dueAt, commandId }, await send(command));
          }
          for (const level of toRaise) {
            const alertId = alertIdOf(caseId, level, ladder!.dueAt, rule);
            const commandId = raiseCommandId(alertId);
            const data = { caseId, alertId, rule, level, dueAt: ladder!.dueAt, departmentId: ladder!.departmentId };
            record(pass, pass.raised, { caseId, rule, alertId, level, dueAt: ladder!.dueAt, commandId }, await send({ type: 'RaiseAlert', data, metadata: { commandId, actor, at } }));
          }
        }
      }
      if (complaintHandler) await complaintPass(facts, open, atMs, pass);
      return pass;
    },
  };
};
