import type { SuspensionProcedure } from '../events/case';
import type { Limit, Limits } from '../events/primitives';
import { parseInstant } from './instant';
import type { ClockSegment } from './segments';

/**
 * The reason a `DeadlineRecomputed` carries when a post-acceptance correction restarts the clock
 * (hall policy `restart`): the limit runs again from the supplement, the day of it not counted.
 */
export const CORRECTION_RESTART_REASON = 'correctionAfterAcceptance.restart';

/**
 * The due times a case runs against from an instant on: those recorded at acceptance, then each
 * `DeadlineRecomputed` (a restart after a correction, a calendar notice). `startMs` is where the
 * limit counts from: acceptance, or the supplement after a correction under `restart`.
 */
export interface ClockBase {
  readonly fromMs: number;
  readonly startMs: number;
  readonly promisedDueAt: string;
  readonly statutoryDueAt: string;
  readonly calendarVersion: string;
  /** The two due times as epoch ms (parsed once, at the fold). */
  readonly promisedDueMs: number;
  readonly statutoryDueMs: number;
}

/** A suspension 挂起/特别程序 (or a correction after acceptance 受理后补正); open while `toMs` is absent. */
export interface ClockSuspension {
  readonly fromMs: number;
  readonly toMs?: number;
  readonly procedure: SuspensionProcedure;
}

/** An extension 延期 as recorded: its lateness is judged by when it was recorded, not by the date it claims. */
export interface ClockExtension {
  readonly by: Limit;
  /** Business time of the event. */
  readonly atMs: number;
  /** When the store recorded it (the business time where the event carries no recording time). */
  readonly recordedAtMs: number;
}

/**
 * The clock of one accepted case 办件时钟 (spec §4): everything its due times, elapsed time and
 * alert ladder follow from, folded from the case's events by `foldCaseClock` — the one fold the
 * case decider and every projection use. Plain immutable data; readers ask `caseClockAt` for the
 * view at an instant.
 */
export interface CaseClockState {
  readonly hallId: string;
  /** When the case counts as accepted (the materials' receipt for a deemed acceptance, 行政许可法 §32(四)). */
  readonly acceptedAtMs: number;
  /** The limits snapshotted at acceptance (spec §2). */
  readonly limits: Limits;
  readonly bases: readonly ClockBase[];
  readonly extensions: readonly ClockExtension[];
  readonly suspensions: readonly ClockSuspension[];
  /** Who held the case when: acceptance, then each transfer's handover (segment clocks); the last runs to `closedAtMs`. */
  readonly segments: readonly ClockSegment[];
  /** Completion or withdrawal: the clock stops. */
  readonly closedAtMs?: number;
}

/** An event as the clock folds it: any case event with its business (and recording) time. */
export interface ClockEvent {
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly recordedAt?: string;
}

type Data<T> = T & Record<string, unknown>;

/**
 * How a fold keeping many clocks (a projection over a whole log) shares what recurs: one copy of
 * each text (hall, department, calendar version, due time) and of each pair of limits, and a fast
 * instant parser. The defaults keep the event's own values and parse with `parseInstant`.
 */
export interface ClockSharing {
  readonly text: (s: string) => string;
  readonly limits: (l: Limits) => Limits;
  readonly instantMs: (iso: string) => number;
}

const OWN: ClockSharing = { text: (s) => s, limits: (l) => l, instantMs: parseInstant };
const NONE: readonly never[] = Object.freeze([]);

const baseOf = (fromMs: number, startMs: number, due: { promisedDueAt: string; statutoryDueAt: string; calendarVersion: string }, share: ClockSharing): ClockBase => ({
  fromMs,
  startMs,
  promisedDueAt: share.text(due.promisedDueAt),
  statutoryDueAt: share.text(due.statutoryDueAt),
  calendarVersion: share.text(due.calendarVersion),
  promisedDueMs: share.instantMs(due.promisedDueAt),
  statutoryDueMs: share.instantMs(due.statutoryDueAt),
});

/** The events after acceptance that change a clock (anything else leaves it as it is). */
const CLOCK_EVENTS: ReadonlySet<string> = new Set([
  'ClockSuspended', 'ClockResumed', 'TimeLimitExtended', 'CaseTransferred', 'DeadlineRecomputed', 'CaseCompleted', 'CaseWithdrawn',
]);

/** The list with its last element closed at `ms`, when that one is still open. */
const closeLast = <T extends { readonly toMs?: number }>(list: readonly T[], ms: number): readonly T[] => {
  const open = list.at(-1);
  return open && open.toMs === undefined ? [...list.slice(0, -1), { ...open, toMs: ms }] : list;
};

/**
 * Folds one case event into the clock; `undefined` until the case is accepted. Events that do not
 * touch the clock return the same object. `atMs` is the event's business time (parsed by the
 * caller when it already has it).
 */
export const foldCaseClock = (clock: CaseClockState | undefined, event: ClockEvent, eventMs?: number, share: ClockSharing = OWN): CaseClockState | undefined => {
  if (event.type === 'CaseAccepted') {
    const atMs = eventMs ?? share.instantMs(event.occurredAt);
    const d = event.data as Data<{ hallId: string; departmentId: string; limits: Limits; promisedDueAt: string; statutoryDueAt: string; calendarVersion: string; deemedFrom?: string }>;
    const acceptedAtMs = d.deemedFrom === undefined ? atMs : share.instantMs(d.deemedFrom);
    return {
      hallId: share.text(d.hallId),
      acceptedAtMs,
      limits: share.limits(d.limits),
      bases: [baseOf(atMs, acceptedAtMs, d, share)],
      extensions: NONE,
      suspensions: NONE,
      segments: [{ departmentId: share.text(d.departmentId), fromMs: acceptedAtMs }],
    };
  }
  if (!clock || clock.closedAtMs !== undefined || !CLOCK_EVENTS.has(event.type)) return clock;
  const atMs = eventMs ?? share.instantMs(event.occurredAt);
  switch (event.type) {
    case 'ClockSuspended': {
      const { procedure } = event.data as Data<{ procedure: SuspensionProcedure }>;
      return { ...clock, suspensions: [...clock.suspensions, { fromMs: atMs, procedure }] };
    }
    case 'ClockResumed':
      return { ...clock, suspensions: closeLast(clock.suspensions, atMs) };
    case 'TimeLimitExtended': {
      const { by } = event.data as Data<{ by: Limit }>;
      const recordedAtMs = event.recordedAt === undefined ? atMs : Math.max(atMs, share.instantMs(event.recordedAt));
      return { ...clock, extensions: [...clock.extensions, { by, atMs, recordedAtMs }] };
    }
    case 'CaseTransferred': {
      const { to, handoverAt } = event.data as Data<{ to: { departmentId: string }; handoverAt: string }>;
      const handover = share.instantMs(handoverAt);
      return { ...clock, segments: [...closeLast(clock.segments, handover), { departmentId: share.text(to.departmentId), fromMs: handover }] };
    }
    case 'DeadlineRecomputed': {
      const { next, reason } = event.data as Data<{ next: { promisedDueAt: string; statutoryDueAt: string; calendarVersion: string }; reason: string }>;
      const last = clock.bases.at(-1)!;
      const startMs = reason === CORRECTION_RESTART_REASON ? atMs : last.startMs;
      return { ...clock, bases: [...clock.bases, baseOf(atMs, startMs, next, share)] };
    }
    case 'CaseCompleted':
    case 'CaseWithdrawn':
      // the last holder's segment ends with the clock (`closedAtMs`): no copy of the list for it
      return { ...clock, suspensions: closeLast(clock.suspensions, atMs), closedAtMs: atMs };
    default:
      return clock;
  }
};
