import { produce } from '../decider/produce';
import * as t from 'io-ts';
import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { emit, decline, guardedDecide, type EventUnion } from '../auth/decision';
import type { DomainError } from '../auth/errors';
import { parseInstant } from '../clock/instant';
import type { Decider, RecordedEvent } from '../decider/decider';
import { complaintEventData, ComplaintChannel } from '../events/org';
import { closed, Instant, NonEmptyString as S, Text } from '../events/primitives';
import { complaintStream } from '../events/streams';
import type { Directory } from '../org/directory';
import type { WorkClock } from '../clock/work-clock';
import { resolveCaseContext, type CaseContext, type HallPolicy } from './context';

/** Complaint commands 投诉 (stream `complaint-<complaintId>`); the answer due time defaults from the hall policy. */
export const complaintCommandCodecs = {
  FileComplaint: commandCodec(
    'FileComplaint',
    closed(
      'FileComplaintData',
      {
        complaintId: S, hallId: S, channel: ComplaintChannel,
        subject: closed('ComplaintSubject', { kind: t.keyof({ staff: null, window: null, department: null }), id: S }),
      },
      { caseId: S, answerDueAt: Instant, content: Text },
    ),
  ),
  AnswerComplaint: commandCodec('AnswerComplaint', complaintEventData.ComplaintAnswered),
  RaiseComplaintAlert: commandCodec('RaiseComplaintAlert', complaintEventData.ComplaintAlertRaised),
  ClearComplaintAlert: commandCodec('ClearComplaintAlert', complaintEventData.ComplaintAlertCleared),
};

export type ComplaintCommand = CommandsOf<typeof complaintCommandCodecs>;
export const decodeComplaintCommand = commandDecoder(complaintCommandCodecs, 'complaint');
export type ComplaintEvent = EventUnion<'ComplaintFiled' | 'ComplaintAnswered' | 'ComplaintAlertRaised' | 'ComplaintAlertCleared'>;

export interface ComplaintState {
  readonly status: 'new' | 'filed' | 'answered';
  readonly complaintId?: string;
  readonly hallId?: string;
  readonly caseId?: string;
  readonly answerDueAt?: string;
  readonly answeredAt?: string;
  /** Alerts 预警 open on the answer due time, by alert id. */
  readonly openAlerts?: Readonly<Record<string, { readonly rule: string; readonly level: string }>>;
}

export interface ComplaintContext extends CaseContext {
  /** The applicant of a case, so an applicant complains only about their own (spec: match the ref at submission). */
  readonly caseApplicant?: (caseId: string) => string | undefined;
}

const subjectExists = (directory: Directory, hallId: string, subject: { kind: 'staff' | 'window' | 'department'; id: string }) =>
  ({ staff: directory.staff, window: directory.window, department: directory.department })[subject.kind](hallId, subject.id) !== undefined;

/** When a complaint 投诉 filed at `filedAtMs` is to be answered: the hall's working days after filing (default 3, spec §3.1). */
export const complaintAnswerDue = (clock: WorkClock, policy: Pick<HallPolicy, 'complaintAnswerWorkingDays'>, filedAtMs: number): number =>
  clock.dueAt(filedAtMs, { value: policy.complaintAnswerWorkingDays, unit: 'workingDays' }).dueAt;

/** A complaint runs beside a case; it is filed once and answered once. */
export const createComplaintDecider = (context: ComplaintContext): Decider<ComplaintCommand, ComplaintEvent, ComplaintState, DomainError> => {
  const ctx = resolveCaseContext(context);
  return {
    initialState: () => ({ status: 'new' }),
    evolve: (state: ComplaintState, event: RecordedEvent<ComplaintEvent>) =>
      produce(state, (s) => {
        if (event.type === 'ComplaintFiled') {
          const { complaintId, hallId, caseId, answerDueAt } = event.data;
          Object.assign(s, { status: 'filed', complaintId, hallId, answerDueAt, ...(caseId ? { caseId } : {}) });
        } else if (event.type === 'ComplaintAlertRaised') {
          s.openAlerts = { ...s.openAlerts, [event.data.alertId]: { rule: event.data.rule, level: event.data.level } };
        } else if (event.type === 'ComplaintAlertCleared') {
          const { [event.data.alertId]: _cleared, ...rest } = s.openAlerts ?? {};
          s.openAlerts = rest;
        } else {
          s.status = 'answered';
          s.answeredAt = event.occurredAt;
        }
      }),
    decide: guardedDecide<ComplaintCommand, ComplaintState, ComplaintEvent>({
      policy: ctx.authorization,
      directory: ctx.directory,
      scope: (c, s) => ({ streamId: complaintStream(c.data.complaintId), state: s.status, ...(s.caseId ? { caseId: s.caseId } : {}) }),
      subject: (c, s) => {
        const caseId = c.type === 'FileComplaint' ? c.data.caseId : s.caseId;
        const applicantRef = caseId === undefined ? undefined : context.caseApplicant?.(caseId);
        return { hallId: c.type === 'FileComplaint' ? c.data.hallId : s.hallId, applicantRef };
      },
      exists: (c, s, scope) =>
        c.type !== 'FileComplaint' && s.status === 'new' ? decline('notFound', scope, 'complaint.filedFirst', `complaint ${c.data.complaintId} was not filed`) : undefined,
      rules: (c, s, scope) => {
        if (c.type === 'RaiseComplaintAlert') {
          const { alertId, level, rule } = c.data;
          const open = s.openAlerts ?? {};
          if (s.status !== 'filed') return decline('illegalTransition', scope, 'complaint.alert.onlyWhenFiled', `complaint ${c.data.complaintId} is ${s.status}: alerts attach to unanswered complaints`);
          if (open[alertId]) return decline('conflict', scope, 'alert.id.unique', `alert ${alertId} is already open`);
          if (Object.values(open).some((a) => a.level === level && a.rule === rule)) {
            return decline('conflict', scope, 'alert.level.noDuplicateOpen', `a ${level} alert of rule ${rule} is already open on complaint ${c.data.complaintId}`);
          }
          return emit<ComplaintEvent>({ type: 'ComplaintAlertRaised', data: c.data });
        }
        if (c.type === 'ClearComplaintAlert') {
          return s.openAlerts?.[c.data.alertId]
            ? emit<ComplaintEvent>({ type: 'ComplaintAlertCleared', data: c.data })
            : decline('notFound', scope, 'alert.clear.open', `complaint ${c.data.complaintId} has no open alert ${c.data.alertId}`);
        }
        if (c.type === 'AnswerComplaint') {
          return s.status === 'answered'
            ? decline('conflict', scope, 'complaint.answer.once', `complaint ${c.data.complaintId} was already answered`)
            : emit<ComplaintEvent>({ type: 'ComplaintAnswered', data: c.data });
        }
        const d = c.data;
        if (s.status !== 'new') return decline('conflict', scope, 'complaint.file.once', `complaint ${d.complaintId} was already filed`);
        if (!ctx.directory.hall(d.hallId)) return decline('notFound', scope, 'complaint.hall.registered', `hall ${d.hallId} is not registered`);
        if (!subjectExists(ctx.directory, d.hallId, d.subject)) {
          return decline('notFound', scope, 'complaint.subject.registered', `${d.subject.kind} ${d.subject.id} is not registered at hall ${d.hallId}`);
        }
        const clock = ctx.clockFor(d.hallId);
        const atMs = parseInstant(c.metadata.at);
        if (d.answerDueAt !== undefined && parseInstant(d.answerDueAt) <= atMs) {
          return decline('invalidCommand', scope, 'complaint.answerDue.future', `answerDueAt ${d.answerDueAt} is not after ${c.metadata.at}`);
        }
        const answerDueAt = d.answerDueAt ?? clock.toInstant(complaintAnswerDue(clock, ctx.hallPolicy(d.hallId), atMs));
        return emit<ComplaintEvent>({ type: 'ComplaintFiled', data: { ...d, answerDueAt } });
      },
    }),
  };
};
