import type { Limit } from '../events/primitives';
import type { DueTime, WorkClock } from './work-clock';

/** The clock facts of one case (spec §4). */
export interface CaseClockInput {
  /** Acceptance instant, or the restart instant after a correction (policy `restart`). */
  readonly startMs: number;
  /** The promised (or statutory) limit snapshotted at acceptance. */
  readonly limit: Limit;
  /** Each extension runs from the previous due time. */
  readonly extensions: readonly Limit[];
  /** An open suspension (no `toMs`) counts up to `atMs`. */
  readonly suspensions: readonly { readonly fromMs: number; readonly toMs?: number }[];
}

export interface CaseDeadline extends DueTime {
  /** Office seconds of suspension (clipped to the start, merged when overlapping). */
  readonly suspendedOfficeSeconds: number;
}

/** Office time between two instants in whole milliseconds (instants are whole milliseconds). */
const officeMsBetween = (clock: WorkClock, fromMs: number, toMs: number): number => Math.round(clock.officeSecondsBetween(fromMs, toMs) * 1000);

/**
 * Office seconds suspended between the case's start and `untilMs`. An open suspension counts up to
 * `atMs`; without `atMs` it has not counted anything yet.
 */
export const suspendedOfficeSeconds = (clock: WorkClock, input: CaseClockInput, atMs?: number, untilMs = Infinity): number => {
  const { suspensions, startMs } = input;
  if (suspensions.length === 0) return 0;
  const spans: [number, number][] = [];
  for (const s of suspensions) {
    const from = Math.max(s.fromMs, startMs);
    const to = Math.min(s.toMs ?? atMs ?? s.fromMs, untilMs);
    if (to > from) spans.push([from, to]);
  }
  if (spans.length > 1) spans.sort((a, b) => a[0] - b[0]);
  // Summed in whole office milliseconds: float seconds would drift by ulps across spans.
  let totalMs = 0;
  let curFrom = Number.NaN;
  let curTo = Number.NaN;
  for (const [from, to] of spans) {
    if (from <= curTo) {
      if (to > curTo) curTo = to;
    } else {
      if (curTo > curFrom) totalMs += officeMsBetween(clock, curFrom, curTo);
      curFrom = from;
      curTo = to;
    }
  }
  if (curTo > curFrom) totalMs += officeMsBetween(clock, curFrom, curTo);
  return totalMs / 1000;
};

/** Due time with extensions (each after the previous due time), then pushed by the suspended office time. */
export const caseDeadline = (clock: WorkClock, input: CaseClockInput, atMs?: number): CaseDeadline => {
  let { dueAt, provisional } = clock.dueAt(input.startMs, input.limit);
  for (const extension of input.extensions) {
    const next = clock.dueAt(dueAt, extension);
    dueAt = next.dueAt;
    provisional ||= next.provisional;
  }
  const suspended = suspendedOfficeSeconds(clock, input, atMs);
  if (suspended > 0) {
    const pushed = clock.addOfficeSeconds(dueAt, suspended);
    provisional ||= clock.provisionalBetween(dueAt, pushed);
    dueAt = pushed;
  }
  return { dueAt, provisional, suspendedOfficeSeconds: suspended };
};

/** The effective due time of a case: limit + extensions + suspensions (spec §4 "On time"). */
export const effectiveDueAt = (clock: WorkClock, input: CaseClockInput, atMs?: number): DueTime => {
  const { dueAt, provisional } = caseDeadline(clock, input, atMs);
  return { dueAt, provisional };
};

/** Office seconds the case has run from its start to `atMs`, suspensions excluded (never negative). */
export const elapsedOfficeSeconds = (clock: WorkClock, input: CaseClockInput, atMs: number): number => {
  if (!(atMs > input.startMs)) return 0;
  const grossMs = officeMsBetween(clock, input.startMs, atMs);
  // In whole milliseconds, so elapsed time never goes back by a rounding error as `atMs` grows.
  return Math.max(0, grossMs - Math.round(suspendedOfficeSeconds(clock, input, atMs, atMs) * 1000)) / 1000;
};
