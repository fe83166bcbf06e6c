import { decline, emit, type Decision } from '../auth/decision';
import type { CommandMetadata } from '../decider/decider';
import type { DeclaredTime, DeclaredTimes } from '../engine/business-time';
import type { CaseCommand, CaseCommandOf } from './commands';
import type { RuleEnv } from './rule-kit';
import type { CaseEvent, CaseState } from './state';

/** Data fields in which a case command declares when something happened (bounded like `metadata.at`). */
const DECLARED_DATA_TIMES: Readonly<Partial<Record<string, readonly string[]>>> = {
  TransferCase: ['handoverAt'],
  SuspendClock: ['applicantNotifiedAt'],
  ExtendTimeLimit: ['requestedAt'],
};

const dataTimes = (type: string, data: Record<string, unknown>, prefix: string): DeclaredTime[] =>
  (DECLARED_DATA_TIMES[type] ?? []).flatMap((field) => {
    const at = data[field];
    return typeof at === 'string' ? [{ field: `${prefix}.${field}`, at }] : [];
  });

/**
 * The business times a case command declares besides `metadata.at`, for the engine to bound
 * (`CommandHandler.declaredTimes`); a late entry declares those of the command it wraps.
 */
export const caseDeclaredTimes = (command: { type: string; data: unknown }): DeclaredTimes => {
  const data = command.data as Record<string, unknown>;
  if (command.type === 'RecordLateEntry') {
    const { entry } = command.data as CaseCommandOf<'RecordLateEntry'>['data'];
    return { lateEntry: true, times: dataTimes(entry.type, entry.data, 'data.entry.data') };
  }
  return { lateEntry: false, times: dataTimes(command.type, data, 'data') };
};

/**
 * 补录: the wrapped command is decided as if sent at the late entry's `metadata.at` by the same
 * actor (its own rules and authorization), and a `LateEntryRecorded` event follows its events with
 * both times and the reason. An extension is never entered late: its lateness is judged by when it
 * is recorded (行政许可法 §42: the extension is decided within the limit).
 */
export const recordLateEntry = (
  c: CaseCommandOf<'RecordLateEntry'>,
  s: CaseState,
  env: RuleEnv,
  decideEntry: (command: CaseCommand, state: CaseState) => Decision<CaseEvent>,
): Decision<CaseEvent> => {
  const { entry, reason, caseId } = c.data;
  const { recordedAt } = c.metadata as CommandMetadata;
  if (entry.data['caseId'] !== caseId) {
    return decline('invalidCommand', env.scope, 'lateEntry.sameCase', `the late entry of case ${caseId} wraps a command for case ${String(entry.data['caseId'])}`);
  }
  if (entry.type === 'ExtendTimeLimit') {
    return decline('invalidCommand', env.scope, 'lateEntry.extension.recordedWhenRequested', 'an extension is judged by when it is recorded and is never entered late');
  }
  if (recordedAt === undefined) {
    return decline('invalidCommand', env.scope, 'lateEntry.recordedByEngine', 'a late entry is sent through the command engine, which stamps the time it is recorded');
  }
  const inner = { type: entry.type, data: entry.data, metadata: c.metadata } as CaseCommand;
  const decided = decideEntry(inner, s);
  if (decided._tag === 'Left') return decided;
  return decided.right.length === 0
    ? decided
    : emit<CaseEvent>(...decided.right, { type: 'LateEntryRecorded', data: { caseId, command: entry.type, declaredAt: env.at, recordedAt, reason } });
};
