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
  /** Who held the case when: acceptance, then each transfer's handover (segment clocks). */
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

const baseOf = (fromMs: number, startMs: number, due: { promisedDueAt: string; statutoryDueAt: string; calendarVersion: string }): ClockBase => ({
  fromMs,
  startMs,
  promisedDueAt: due.promisedDueAt,
  statutoryDueAt: due.statutoryDueAt,
  calendarVersion: due.calendarVersion,
  promisedDueMs: parseInstant(due.promisedDueAt),
  statutoryDueMs: parseInstant(due.statutoryDueAt),
});

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
export const foldCaseClock = (clock: CaseClockState | undefined, event: ClockEvent, atMs: number = parseInstant(event.occurredAt)): CaseClockState | undefined => {
  switch (event.type) {
    case 'CaseAccepted': {
      const d = event.data as Data<{ hallId: string; departmentId: string; limits: Limits; promisedDueAt: string; statutoryDueAt: string; calendarVersion: string; deemedFrom?: string }>;
      const acceptedAtMs = d.deemedFrom === undefined ? atMs : parseInstant(d.deemedFrom);
      return {
        hallId: d.hallId,
        acceptedAtMs,
        limits: d.limits,
        bases: [baseOf(atMs, acceptedAtMs, d)],
        extensions: [],
        suspensions: [],
        segments: [{ departmentId: d.departmentId, fromMs: acceptedAtMs }],
      };
    }
    default:
      break;
  }
  if (!clock || clock.closedAtMs !== undefined) return clock;
  switch (event.type) {
    case 'ClockSuspended': {
      const { procedure } = event.data as Data<{ procedure: SuspensionProcedure }>;
      return { ...clock, suspensions: [...clock.suspensions, { fromMs: atMs, procedure }] };
    }
    case 'ClockResumed':
      return { ...clock, suspensions: closeLast(clock.suspensions, atMs) };
    case 'TimeLimitExtended': {
      const { by } = event.data as Data<{ by: Limit }>;
      const recordedAtMs = event.recordedAt === undefined ? atMs : Math.max(atMs, parseInstant(event.recordedAt));
      return { ...clock, extensions: [...clock.extensions, { by, atMs, recordedAtMs }] };
    }
    case 'CaseTransferred': {
      const { to, handoverAt } = event.data as Data<{ to: { departmentId: string }; handoverAt: string }>;
      const handover = parseInstant(handoverAt);
      return { ...clock, segments: [...closeLast(clock.segments, handover), { departmentId: to.departmentId, fromMs: handover }] };
    }
    case 'DeadlineRecomputed': {
      const { next, reason } = event.data as Data<{ next: { promisedDueAt: string; statutoryDueAt: string; calendarVersion: string }; reason: string }>;
      const last = clock.bases.at(-1)!;
      const startMs = reason === CORRECTION_RESTART_REASON ? atMs : last.startMs;
      return { ...clock, bases: [...clock.bases, baseOf(atMs, startMs, next)] };
    }
    case 'CaseCompleted':
    case 'CaseWithdrawn':
      return { ...clock, suspensions: closeLast(clock.suspensions, atMs), segments: closeLast(clock.segments, atMs), closedAtMs: atMs };
    default:
      return clock;
  }
};
