import { DEFAULT_ALERT_LADDER, ladderAt, type AlertLadder, type AlertLevel } from './alerts';
import { suspendedOfficeSeconds, type CaseClockInput } from './case-clock';
import { dueTimesAt, type CaseClockState } from './case-clock-state';
import type { WorkClock } from './work-clock';

/** Which limit a due time follows: promised 承诺时限 (on-time figures) or statutory 法定时限 (行政许可法 §42). */
export type LimitKind = 'promised' | 'statutory';

export interface ClockViewOptions {
  /**
   * `case` (default): the case keeps its clock whoever holds it (spec §4 on time). `segment`: a
   * named variant for halls whose rules give the receiving department a fresh limit from the day
   * after the handover.
   * @defaultValue `'case'`
   */
  readonly transfers?: 'case' | 'segment';
  /** @defaultValue `DEFAULT_ALERT_LADDER` (spec §4) */
  readonly ladder?: AlertLadder;
}

/** One limit at an instant: its effective due time and where the case stands on its alert ladder. */
export interface LimitStanding {
  /** Effective due time: base due time + extensions granted in time + suspended office time. */
  readonly dueAtMs: number;
  /** Office seconds from the instant judged to the due time; negative once past it. */
  readonly remainingOfficeSeconds: number;
  readonly reached: readonly AlertLevel[];
  readonly level: 'normal' | AlertLevel;
  /** Judged after the due time (for a closed case: closed after it). */
  readonly overdue: boolean;
}

/** The clock of a case at an instant 时钟视图: what every reader of due times, suspensions and alerts asks. */
export interface CaseClockView {
  readonly atMs: number;
  /** The instant judged: `atMs`, or the close (completion, withdrawal) when that came first. */
  readonly judgedAtMs: number;
  readonly open: boolean;
  /** Where the limits count from: acceptance, a correction restart (or, as the segment variant, the last handover). */
  readonly startMs: number;
  readonly calendarVersion: string;
  readonly suspended: boolean;
  /** Office seconds suspended since the start that push the promised due time, up to the instant judged. */
  readonly suspendedOfficeSeconds: number;
  /** Office seconds from acceptance to the instant judged, every suspension excluded (spec §4 elapsed time). */
  readonly elapsedOfficeSeconds: number;
  readonly grantedExtensions: number;
  /** Extensions recorded after the due time they would have moved: recorded, not granted (spec §4). */
  readonly lateExtensions: number;
  /** Suspensions opened after the promised due time had passed: they stop the clock but move no due time. */
  readonly lateSuspensions: number;
  /** A due time of the case lies in a year with no announced calendar (spec §4 `provisional`). */
  readonly provisional: boolean;
  readonly promised: LimitStanding;
  readonly statutory: LimitStanding;
}

/** The suspensions known at `atMs`; one still running then counts up to the instant judged. */
const knownSuspensions = (clock: CaseClockState, atMs: number): CaseClockInput['suspensions'] => {
  const out: { fromMs: number; toMs?: number }[] = [];
  for (const s of clock.suspensions) {
    if (s.fromMs > atMs) break;
    out.push(s.toMs === undefined || s.toMs > atMs ? { fromMs: s.fromMs } : s);
  }
  return out;
};

/**
 * A case's clock at an instant, from the one fold of its events (`foldCaseClock`) and the work
 * clock of the calendar version in force then (`clockOf(version)`: the hall's zone and office
 * hours under that calendar). Only what was known at `atMs` counts — due times, suspensions,
 * extensions and handovers recorded later do not — so a report over a past period reads the case
 * as it stood at the period's end.
 */
export const caseClockAt = (clock: CaseClockState, clockOf: (calendarVersion: string) => WorkClock, atMs: number, options: ClockViewOptions = {}): CaseClockView => {
  const { transfers = 'case', ladder = DEFAULT_ALERT_LADDER } = options;
  const base = dueTimesAt(clock, atMs);
  const wc = clockOf(base.due.calendarVersion);
  const open = clock.closedAtMs === undefined || clock.closedAtMs > atMs;
  const judgedAtMs = open ? atMs : clock.closedAtMs!;

  let startMs = base.startMs;
  let promisedBase = base.due.promisedDueMs;
  let statutoryBase = base.due.statutoryDueMs;
  const { handovers } = clock;
  if (transfers === 'segment' && handovers) {
    for (let i = handovers.length - 1; i >= 0; i--) {
      const handover = handovers[i]!;
      if (handover.atMs > atMs) continue;
      if (handover.atMs > startMs) {
        startMs = handover.atMs;
        promisedBase = wc.dueAt(startMs, clock.limits.promised).dueAt;
        statutoryBase = wc.dueAt(startMs, clock.limits.statutory).dueAt;
      }
      break;
    }
  }

  const suspensions = knownSuspensions(clock, atMs);
  const officeOf = (counted: CaseClockInput['suspensions'], t: number): number =>
    counted.length === 0 ? 0 : suspendedOfficeSeconds(wc, { startMs, limit: clock.limits.promised, extensions: [], suspensions: counted }, t, t);
  const pushed = (due: number, seconds: number): number => (seconds > 0 ? wc.addOfficeSeconds(due, seconds) : due);

  // In time order, each extension runs from the due time before it and each suspension pushes the
  // due time, but only when it came by the effective due time of that moment: a request recorded
  // late, or a suspension opened on an overdue case, does not launder it (spec §4). Lateness of an
  // extension is judged by when it was recorded and against the promised limit; a suspension is
  // judged against each limit.
  const extensions = clock.extensions.filter((e) => e.atMs <= atMs);
  const countedPromised: { fromMs: number; toMs?: number }[] = [];
  const countedStatutory: { fromMs: number; toMs?: number }[] = [];
  let promisedDue = promisedBase;
  let statutoryDue = statutoryBase;
  let grantedExtensions = 0;
  let lateExtensions = 0;
  let lateSuspensions = 0;
  for (let si = 0, ei = 0; si < suspensions.length || ei < extensions.length; ) {
    const s = suspensions[si];
    const e = extensions[ei];
    if (s && (!e || s.fromMs <= e.recordedAtMs)) {
      si++;
      if (s.fromMs <= pushed(promisedDue, officeOf(countedPromised, s.fromMs))) countedPromised.push(s);
      else lateSuspensions += 1;
      if (s.fromMs <= pushed(statutoryDue, officeOf(countedStatutory, s.fromMs))) countedStatutory.push(s);
    } else if (e) {
      ei++;
      if (e.recordedAtMs > pushed(promisedDue, officeOf(countedPromised, e.recordedAtMs))) {
        lateExtensions += 1;
      } else {
        grantedExtensions += 1;
        promisedDue = wc.dueAt(promisedDue, e.by).dueAt;
        statutoryDue = wc.dueAt(statutoryDue, e.by).dueAt;
      }
    }
  }

  const suspended = officeOf(countedPromised, judgedAtMs);
  const statutorySuspended = officeOf(countedStatutory, judgedAtMs);
  const promisedAt = pushed(promisedDue, suspended);
  const statutoryAt = pushed(statutoryDue, statutorySuspended);
  const standing = (dueAtMs: number, suspendedOfficeSeconds: number): LimitStanding => {
    const rung = ladderAt(wc, { startMs, dueAt: dueAtMs, suspendedOfficeSeconds }, judgedAtMs, ladder);
    return { dueAtMs, remainingOfficeSeconds: rung.remainingOfficeSeconds, reached: rung.reached, level: rung.level, overdue: judgedAtMs > dueAtMs };
  };

  const last = suspensions.at(-1);
  const grossMs = judgedAtMs > clock.acceptedAtMs ? Math.round(wc.officeSecondsBetween(clock.acceptedAtMs, judgedAtMs) * 1000) : 0;
  const allSuspendedMs = suspensions.length === 0
    ? 0
    : Math.round(suspendedOfficeSeconds(wc, { startMs: clock.acceptedAtMs, limit: clock.limits.promised, extensions: [], suspensions }, judgedAtMs, judgedAtMs) * 1000);
  return {
    atMs,
    judgedAtMs,
    open,
    startMs,
    calendarVersion: base.due.calendarVersion,
    suspended: open && last !== undefined && last.toMs === undefined,
    suspendedOfficeSeconds: suspended,
    elapsedOfficeSeconds: Math.max(0, grossMs - allSuspendedMs) / 1000,
    grantedExtensions,
    lateExtensions,
    lateSuspensions,
    provisional: wc.provisionalBetween(startMs, Math.max(promisedAt, statutoryAt)),
    promised: standing(promisedAt, suspended),
    statutory: standing(statutoryAt, statutorySuspended),
  };
};

/** How long a view taken at an instant reads alike as time passes (`caseClockFactsAfter`). */
export interface ClockFactsAfter {
  /** The first instant after the one judged at which the clock records something `caseClockAt` reads (∞: none). */
  readonly nextFactMs: number;
  /**
   * A suspension known then was still running on an open case: its office time, and the due times
   * it pushes, grow with time. Otherwise, until `nextFactMs`, the due times stand still and only
   * the instant judged moves (and on a closed case not even that).
   */
  readonly running: boolean;
}

/**
 * What `caseClockAt(clock, …, atMs)` reads that changes with `atMs` other than the instant itself:
 * the due times, suspensions, extensions, handovers known by then, and the close. A reader that
 * judges the clock at many instants (a status at every period end) judges again only where one
 * of them or a due time is crossed.
 */
export const caseClockFactsAfter = (clock: CaseClockState, atMs: number): ClockFactsAfter => {
  let next = Number.POSITIVE_INFINITY;
  const at = (t: number | undefined) => {
    if (t !== undefined && t > atMs && t < next) next = t;
  };
  const open = clock.closedAtMs === undefined || clock.closedAtMs > atMs;
  at(clock.closedAtMs);
  let running = false;
  for (const s of clock.suspensions) {
    at(s.fromMs);
    at(s.toMs);
    if (open && s.fromMs <= atMs && (s.toMs === undefined || s.toMs > atMs)) running = true;
  }
  for (const e of clock.extensions) at(e.atMs);
  if (clock.rebases) for (const r of clock.rebases) at(r.fromMs);
  if (clock.handovers) for (const h of clock.handovers) at(h.atMs);
  return { nextFactMs: next, running };
};
