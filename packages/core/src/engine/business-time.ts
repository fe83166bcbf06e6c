import { parseInstant } from '../clock/instant';

/**
 * The engine's default bound on business time: a command's declared `at` (and the data times it
 * declares) may lie at most this far from the engine's clock.
 */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

/** A business time the caller declared: `metadata.at` or a data field such as `data.requestedAt`. */
export interface DeclaredTime {
  /** Where it was declared: `metadata.at`, `data.handoverAt`, `data.entry.data.requestedAt`, … */
  readonly field: string;
  readonly at: string;
}

/**
 * The business times a command declares, for the engine to bound. A late entry 补录 declares a time
 * in the past on purpose: only its future side and the stream's previous event bound it.
 */
export interface DeclaredTimes {
  readonly times: readonly DeclaredTime[];
  readonly lateEntry: boolean;
}

export type BusinessTimeRule = 'businessTime.notAhead' | 'businessTime.notBehind' | 'businessTime.notBeforePreviousEvent';

/** A declared business time the engine refused: too far ahead of or behind its clock, or before the stream's last event. */
export interface BusinessTimeError {
  readonly kind: 'businessTime';
  readonly rule: BusinessTimeRule;
  readonly command: string;
  readonly commandId: string;
  readonly streamId: string;
  readonly field: string;
  readonly declared: string;
  /** The engine's clock when it decided. */
  readonly now: string;
  readonly maxSkewMs: number;
  /** `occurredAt` of the stream's previous event, for `businessTime.notBeforePreviousEvent`. */
  readonly previousAt?: string;
  readonly message: string;
}

export interface BusinessTimeCheck {
  readonly command: string;
  readonly commandId: string;
  readonly streamId: string;
  readonly declared: DeclaredTimes;
  readonly now: string;
  readonly maxSkewMs: number;
  readonly previousAt: string | undefined;
}

/**
 * The first declared time out of bounds, or undefined. Business time is what the caller says
 * happened when; the engine lets it differ from its own clock only by the skew of two honest
 * clocks, so figures cannot be moved by dating a command (late entries go through `RecordLateEntry`).
 * A stream's `occurredAt` never goes back (events.md, "Time stamps").
 */
export const businessTimeRefusal = (check: BusinessTimeCheck): BusinessTimeError | undefined => {
  const nowMs = parseInstant(check.now);
  const previousMs = check.previousAt === undefined ? -Infinity : parseInstant(check.previousAt);
  const fail = (rule: BusinessTimeRule, time: DeclaredTime, why: string): BusinessTimeError => ({
    kind: 'businessTime', rule, command: check.command, commandId: check.commandId, streamId: check.streamId,
    field: time.field, declared: time.at, now: check.now, maxSkewMs: check.maxSkewMs,
    ...(rule === 'businessTime.notBeforePreviousEvent' && check.previousAt !== undefined ? { previousAt: check.previousAt } : {}),
    message: `${check.command} ${check.commandId}: ${time.field} ${time.at} ${why}`,
  });
  const minutes = `${check.maxSkewMs / 60_000} min`;
  for (const time of check.declared.times) {
    const ms = parseInstant(time.at);
    if (ms > nowMs + check.maxSkewMs) return fail('businessTime.notAhead', time, `is more than ${minutes} after the engine's clock ${check.now}`);
    if (!check.declared.lateEntry && ms < nowMs - check.maxSkewMs) {
      return fail('businessTime.notBehind', time, `is more than ${minutes} before the engine's clock ${check.now}; record it as a late entry 补录 (RecordLateEntry) with a reason`);
    }
    if (ms < previousMs) return fail('businessTime.notBeforePreviousEvent', time, `is before ${check.previousAt}, the stream's previous event`);
  }
  return undefined;
};
