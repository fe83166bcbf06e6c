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
 * Due times as recorded (at acceptance, or by a `DeadlineRecomputed`), as epoch ms parsed once at
 * the fold: the texts are the instants written in the hall's zone (`recordedDueTimes` writes them again).
 */
export interface RecordedDueTimes {
  readonly calendarVersion: string;
  readonly promisedDueMs: number;
  readonly statutoryDueMs: number;
}

/**
 * Due times a `DeadlineRecomputed` recorded (a restart after a correction, a calendar notice), in
 * force from `fromMs`; `startMs` is where the limit counts from: acceptance, or the supplement
 * after a correction under `restart`.
 */
export interface ClockBase extends RecordedDueTimes {
  readonly fromMs: number;
  readonly startMs: number;
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

/** A transfer's handover 转办: the receiving department holds the case from `atMs`. */
export interface ClockHandover {
  readonly departmentId: string;
  readonly atMs: number;
}

/**
 * The clock of one accepted case 办件时钟 (spec §4): everything its due times, elapsed time and
 * alert ladder follow from, folded from the case's events by `foldCaseClock` — the one fold the
 * case decider and every projection use. Plain immutable data; readers ask `caseClockAt` for the
 * view at an instant. A projection keeps one per accepted case, so the common case is one small
 * object: the due times recorded at acceptance are one shared copy (many cases share a close of
 * business), and the lists of later due times and handovers exist only once there is one
 * (`dueTimesAt`, `clockSegments` read them).
 */
export interface CaseClockState {
  /** When the case counts as accepted (the materials' receipt for a deemed acceptance, 行政许可法 §32(四)); the limits count from here. */
  readonly acceptedAtMs: number;
  /** The limits snapshotted at acceptance (spec §2). */
  readonly limits: Limits;
  /** The accepting department: it holds the case until the first handover. */
  readonly departmentId: string;
  /** The due times recorded at acceptance (counted from `acceptedAtMs`). */
  readonly due: RecordedDueTimes;
  /** Due times recorded after acceptance, in order; absent until the first `DeadlineRecomputed`. */
  readonly rebases?: readonly ClockBase[];
  readonly extensions: readonly ClockExtension[];
  readonly suspensions: readonly ClockSuspension[];
  /** Transfers' handovers in order (segment clocks); absent while the case was never transferred. */
  readonly handovers?: readonly ClockHandover[];
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
 * each text (department, calendar version), of each pair of limits and of each set of due times
 * recorded at acceptance, and a fast instant parser. The defaults keep the event's own values and
 * parse with `parseInstant`.
 */
export interface ClockSharing {
  readonly text: (s: string) => string;
  readonly limits: (l: Limits) => Limits;
  readonly dueTimes: (due: RecordedDueTimes) => RecordedDueTimes;
  readonly instantMs: (iso: string) => number;
}

const OWN: ClockSharing = { text: (s) => s, limits: (l) => l, dueTimes: (due) => due, instantMs: parseInstant };
const NONE: readonly never[] = Object.freeze([]);

/** The due times in force at `atMs` (the last recorded by then; acceptance's are the clock's own) and where their limits count from. */
export const dueTimesAt = (clock: CaseClockState, atMs = Number.POSITIVE_INFINITY): { readonly due: RecordedDueTimes; readonly startMs: number } => {
  const { rebases } = clock;
  if (rebases) for (let i = rebases.length - 1; i >= 0; i--) if (rebases[i]!.fromMs <= atMs) return { due: rebases[i]!, startMs: rebases[i]!.startMs };
  return { due: clock.due, startMs: clock.acceptedAtMs };
};

/** Who held the case when: acceptance, then each handover; a segment ends at the next handover, the last at the close. */
export const clockSegments = (clock: CaseClockState): ClockSegment[] => {
  const starts = [{ departmentId: clock.departmentId, atMs: clock.acceptedAtMs }, ...(clock.handovers ?? NONE)];
  return starts.map((s, i) => {
    const toMs = i + 1 < starts.length ? starts[i + 1]!.atMs : clock.closedAtMs;
    return toMs === undefined ? { departmentId: s.departmentId, fromMs: s.atMs } : { departmentId: s.departmentId, fromMs: s.atMs, toMs };
  });
};

const dueTimesOf = (due: { promisedDueAt: string; statutoryDueAt: string; calendarVersion: string }, share: ClockSharing): RecordedDueTimes => ({
  calendarVersion: share.text(due.calendarVersion),
  promisedDueMs: share.instantMs(due.promisedDueAt),
  statutoryDueMs: share.instantMs(due.statutoryDueAt),
});

/** The events after acceptance that change a clock (anything else leaves it as it is). */
const CLOCK_EVENTS: ReadonlySet<string> = new Set([
  'ClockSuspended', 'ClockResumed', 'TimeLimitExtended', 'CaseTransferred', 'DeadlineRecomputed', 'CaseCompleted', 'CaseWithdrawn',
]);

type ClockFields = { -readonly [K in keyof CaseClockState]: CaseClockState[K] };

/** A clock's fields; its lists of extensions and suspensions default to the shared empty one. */
export type CaseClockFields = Omit<CaseClockState, 'extensions' | 'suspensions'> & Partial<Pick<CaseClockState, 'extensions' | 'suspensions'>>;

/** What an event changes on a clock (a clock only gains: nothing is ever unset). */
type ClockChange = Partial<Pick<CaseClockState, 'extensions' | 'suspensions' | 'rebases' | 'handovers' | 'closedAtMs'>>;
const UNCHANGED: ClockChange = Object.freeze({});

/**
 * Every clock is built by this one literal, so every clock has one shape and no spare slots (a
 * spread's copy of an object seen in several shapes may carry some, about 40 bytes a clock); the
 * rare lists go after it. A change is applied here rather than spread into a copy first (no
 * throw-away copy of the whole clock per event).
 */
const build = (f: CaseClockFields, change: ClockChange): CaseClockState => {
  const clock: ClockFields = {
    acceptedAtMs: f.acceptedAtMs,
    limits: f.limits,
    departmentId: f.departmentId,
    due: f.due,
    extensions: change.extensions ?? f.extensions ?? NONE,
    suspensions: change.suspensions ?? f.suspensions ?? NONE,
    closedAtMs: change.closedAtMs ?? f.closedAtMs,
  };
  const rebases = change.rebases ?? f.rebases;
  if (rebases) clock.rebases = rebases;
  const handovers = change.handovers ?? f.handovers;
  if (handovers) clock.handovers = handovers;
  return clock;
};

/** A clock from its fields (a reader's of a stored copy): the same one shape as the fold's. */
export const caseClockState = (f: CaseClockFields): CaseClockState => build(f, UNCHANGED);

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
    const d = event.data as Data<{ departmentId: string; limits: Limits; promisedDueAt: string; statutoryDueAt: string; calendarVersion: string; deemedFrom?: string }>;
    return build({
      acceptedAtMs: d.deemedFrom === undefined ? atMs : share.instantMs(d.deemedFrom),
      limits: share.limits(d.limits),
      departmentId: share.text(d.departmentId),
      due: share.dueTimes(dueTimesOf(d, share)),
      closedAtMs: undefined,
    }, UNCHANGED);
  }
  if (!clock || clock.closedAtMs !== undefined || !CLOCK_EVENTS.has(event.type)) return clock;
  const atMs = eventMs ?? share.instantMs(event.occurredAt);
  switch (event.type) {
    case 'ClockSuspended': {
      const { procedure } = event.data as Data<{ procedure: SuspensionProcedure }>;
      return build(clock, { suspensions: [...clock.suspensions, { fromMs: atMs, procedure }] });
    }
    case 'ClockResumed':
      return build(clock, { suspensions: closeLast(clock.suspensions, atMs) });
    case 'TimeLimitExtended': {
      const { by } = event.data as Data<{ by: Limit }>;
      const recordedAtMs = event.recordedAt === undefined ? atMs : Math.max(atMs, share.instantMs(event.recordedAt));
      return build(clock, { extensions: [...clock.extensions, { by, atMs, recordedAtMs }] });
    }
    case 'CaseTransferred': {
      const { to, handoverAt } = event.data as Data<{ to: { departmentId: string }; handoverAt: string }>;
      return build(clock, { handovers: [...(clock.handovers ?? NONE), { departmentId: share.text(to.departmentId), atMs: share.instantMs(handoverAt) }] });
    }
    case 'DeadlineRecomputed': {
      const { next, reason } = event.data as Data<{ next: { promisedDueAt: string; statutoryDueAt: string; calendarVersion: string }; reason: string }>;
      const startMs = reason === CORRECTION_RESTART_REASON ? atMs : dueTimesAt(clock).startMs;
      return build(clock, { rebases: [...(clock.rebases ?? NONE), { fromMs: atMs, startMs, ...dueTimesOf(next, share) }] });
    }
    case 'CaseCompleted':
    case 'CaseWithdrawn':
      return build(clock, { suspensions: closeLast(clock.suspensions, atMs), closedAtMs: atMs });
    default:
      return clock;
  }
};
